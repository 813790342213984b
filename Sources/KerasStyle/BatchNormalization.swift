import NeuralNetworks
import TensorCore

/// Keras's `BatchNormalization(momentum=0.99, epsilon=1e-3)` over the last axis of `[N, features]` inputs.
///
/// Three differences from PyTorch's `nn.BatchNorm1d`, all kept here:
/// - **momentum points the other way.** Keras: `moving = momentum · moving + (1 − momentum) · batch`, so
///   `momentum: 0.8` keeps 0.8 of the old value, which is PyTorch's `momentum=0.2`.
/// - **epsilon is 1e-3** (PyTorch: 1e-5), and the moving variance takes the *biased* batch variance (÷ N;
///   PyTorch's running variance divides by N − 1).
/// - **a frozen layer runs in inference mode.** With `trainable = false` it normalises with its moving
///   statistics and leaves them alone, even inside `trainOnBatch` (Keras ≥ 2.1.3 and Keras 3).
///
/// In training (`trainOnBatch`) a trainable layer normalises with the batch's statistics; in inference
/// (`predictOnBatch`, `evaluate`) with its moving ones. The computation is the core's `BatchNorm1d`.
public final class BatchNormalization: Layer, CustomStringConvertible {
    public var isTraining = true
    public let name: String
    public var className: String { "BatchNormalization" }
    public var trainable = true
    /// Keras's momentum: the share of the old moving statistics kept at each training batch.
    public let momentum: Double
    public let epsilon: Double
    public private(set) var inputShape: [Int]?
    /// The core layer doing the work, with PyTorch's momentum `1 − momentum`; nil until built.
    public private(set) var core: BatchNorm1d?

    public init(momentum: Double = 0.99, epsilon: Double = 1e-3, name: String? = nil) {
        require((0...1).contains(momentum), "BatchNormalization: momentum must lie in [0, 1], got \(momentum)")
        require(epsilon > 0, "BatchNormalization: epsilon must be positive, got \(epsilon)")
        self.momentum = momentum
        self.epsilon = epsilon
        self.name = name ?? Session.uniqueName("batch_normalization")
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func build(inputShape: [Int]) {
        require(!isBuilt, "\(name) is already built")
        require(inputShape.count == 1, "\(name): this BatchNormalization takes [N, features] inputs, got one input of shape \(inputShape)")
        core = BatchNorm1d(inputShape[0], eps: epsilon, momentum: 1 - momentum, unbiasedRunningVariance: false)
        self.inputShape = inputShape
    }

    public var ownWeights: [Weight] {
        guard let core else { return [] }
        return [Weight(name: "\(name)/gamma", tensor: core.weight), Weight(name: "\(name)/beta", tensor: core.bias),
                Weight(name: "\(name)/moving_mean", tensor: core.runningMean, isTrainable: false),
                Weight(name: "\(name)/moving_variance", tensor: core.runningVar, isTrainable: false)]
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        core.map { [("gamma", $0.weight), ("beta", $0.bias)] } ?? []
    }

    public var ownBuffers: [(name: String, tensor: Tensor)] {
        core.map { [("moving_mean", $0.runningMean), ("moving_variance", $0.runningVar)] } ?? []
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if !isBuilt { build(inputShape: Array(x.shape.dropFirst())) }
        let core = core!
        core.isTraining = isTraining && trainable
        return core(x)
    }

    public var description: String { "BatchNormalization(momentum \(momentum), epsilon \(epsilon))" }
}
