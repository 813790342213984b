import NeuralNetworks
import TensorCore

/// What a layer applies to its output: Keras's `activation=` argument.
public enum Activation: String, Sendable {
    case linear, relu, tanh, sigmoid

    func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: x
        case .relu: x.relu()
        case .tanh: x.tanh()
        case .sigmoid: x.sigmoid()
        }
    }
}

/// Keras's `Dense(units, activation=…, input_shape=…, kernel_initializer=…)`: `activation(x · kernel + bias)`.
///
/// Keras's defaults, which differ from PyTorch's `nn.Linear`: the kernel is Glorot-uniform,
/// U(±√(6 / (in + out))), and the bias starts at **zero**. The product is computed by the core's fused
/// `linear`, so the kernel is stored in PyTorch's `[units, in]` layout; `getWeights()` shows Keras's `[in, units]`.
public final class Dense: Layer, CustomStringConvertible {
    public var isTraining = true
    public let name: String
    public var className: String { "Dense" }
    public var trainable = true
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    /// The input shape given at creation (`input_shape=` in Keras), which lets a model build at once.
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    /// `[units, in]`, once built.
    public private(set) var kernel: Tensor?
    /// `[units]`, once built (never, with `useBias: false`).
    public private(set) var bias: Tensor?

    public init(_ units: Int, activation: Activation = .linear, inputShape: [Int]? = nil, useBias: Bool = true,
                kernelInitializer: Initializer = .glorot, biasInitializer: Initializer = .zeros, name: String? = nil) {
        require(units > 0, "Dense: units must be positive, got \(units)")
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.declaredInputShape = inputShape
        self.name = name ?? Session.uniqueName("dense")
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { Array(inputShape.dropLast()) + [units] }

    public func build(inputShape: [Int]) {
        require(!isBuilt, "\(name) is already built")
        require(!inputShape.isEmpty, "\(name): an input needs at least one axis")
        let features = inputShape[inputShape.count - 1]
        kernel = kernelInitializer.draw([features, units]).transposed(0, 1).requiringGrad()
        bias = useBias ? biasInitializer.draw([units]).requiringGrad() : nil
        self.inputShape = inputShape
    }

    public var ownWeights: [Weight] {
        guard let kernel else { return [] }
        return [Weight(name: "\(name)/kernel", tensor: kernel, isTransposed: true)]
            + (bias.map { [Weight(name: "\(name)/bias", tensor: $0)] } ?? [])
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        (kernel.map { [("kernel", $0)] } ?? []) + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if !isBuilt { build(inputShape: Array(x.shape.dropFirst())) }
        return activation.apply(linear(x, weight: kernel!, bias: bias))
    }

    public var description: String { "Dense(\(units)\(activation == .linear ? "" : ", \(activation.rawValue)"))" }
}
