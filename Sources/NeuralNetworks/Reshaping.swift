import TensorCore

/// Flattens every sample to a vector: `[N, C, H, W]` → `[N, C·H·W]`, like `nn.Flatten`.
public final class Flatten: Module, CustomStringConvertible {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.flatten(from: 1) }
    public var description: String { "Flatten" }
}

/// Gives every sample a new shape, keeping the batch axis: `Reshape([128, 7, 7])` turns `[N, 6272]` into
/// `[N, 128, 7, 7]`, like `nn.Unflatten(1, (128, 7, 7))`.
public final class Reshape: Module, CustomStringConvertible {
    public var isTraining = true
    /// The shape of one sample.
    public let sampleShape: [Int]
    public init(_ sampleShape: [Int]) { self.sampleShape = sampleShape }
    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.rank >= 1 && x.count == x.shape[0] * sampleShape.reduce(1, *),
                     "\(self): input has shape \(x.shape), whose samples do not hold \(sampleShape.reduce(1, *)) elements")
        return x.reshape([x.shape[0]] + sampleShape)
    }
    public var description: String { "Reshape(\(sampleShape))" }
}

/// PyTorch's name for `Reshape` after a `Linear` layer.
public typealias Unflatten = Reshape
