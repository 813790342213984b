import NeuralNetworks
import TensorCore

/// Keras's `LeakyReLU(negative_slope=0.3)`: x for x > 0, else slope · x.
///
/// Keras's default slope is **0.3**; PyTorch's `nn.LeakyReLU` defaults to 0.01. Keras 2 called the argument
/// `alpha` (the tutorial writes `LeakyReLU(alpha=0.2)`); Keras 3 renamed it `negative_slope`. Both spellings work here.
public final class LeakyReLU: Layer, CustomStringConvertible {
    public var isTraining = true
    public let name: String
    public var className: String { "LeakyReLU" }
    public var trainable = true
    public let negativeSlope: Double
    public private(set) var inputShape: [Int]?

    public init(negativeSlope: Double = 0.3, name: String? = nil) {
        self.negativeSlope = negativeSlope
        self.name = name ?? Session.uniqueName("leaky_re_lu")
    }

    /// Keras 2's spelling, `LeakyReLU(alpha=0.2)`.
    public convenience init(alpha: Double, name: String? = nil) { self.init(negativeSlope: alpha, name: name) }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }
    public func build(inputShape: [Int]) { self.inputShape = inputShape }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyReLU(slope: negativeSlope) }
    public var description: String { "LeakyReLU(\(negativeSlope))" }
}
