import TensorCore

/// max(x, 0), like `nn.ReLU`.
public final class ReLU: Module, CustomStringConvertible {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.relu() }
    public var description: String { "ReLU" }
}

/// x for x > 0, slope · x otherwise, like `nn.LeakyReLU` (GANs commonly use slope 0.2).
public final class LeakyReLU: Module, CustomStringConvertible {
    public var isTraining = true
    public let slope: Double
    /// `slope` defaults to PyTorch's 0.01.
    public init(_ slope: Double = 0.01) { self.slope = slope }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyReLU(slope: slope) }
    public var description: String { "LeakyReLU(\(slope))" }
}

/// Hyperbolic tangent, like `nn.Tanh`: the usual last layer of a generator, output in (−1, 1).
public final class Tanh: Module, CustomStringConvertible {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() }
    public var description: String { "Tanh" }
}

/// The logistic function, like `nn.Sigmoid`: turns a discriminator's logit into a probability.
public final class Sigmoid: Module, CustomStringConvertible {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.sigmoid() }
    public var description: String { "Sigmoid" }
}
