import TensorCore

/// Inverted dropout, like `nn.Dropout`: in training each element is zeroed with probability `p`
/// and the survivors are scaled by 1 / (1 − p), so the expected value is unchanged; in evaluation it is the identity.
/// The layer draws its masks from its own generator, so a seeded run repeats exactly.
public final class Dropout: Module, CustomStringConvertible {
    public var isTraining = true
    /// Probability of zeroing an element.
    public let p: Double
    /// The source of the masks, split from the generator given at init.
    public var generator: SeededGenerator

    public init(_ p: Double = 0.5, using generator: inout SeededGenerator) {
        require(p >= 0 && p <= 1, "Dropout: p must lie in [0, 1], got \(p)")
        self.p = p
        self.generator = generator.split()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard isTraining && p > 0 else { return x }
        return x * dropoutMask(x.shape, p: p, dtype: x.dtype, using: &generator)
    }

    public var description: String { "Dropout(p: \(p))" }
}

/// Channel dropout, like `nn.Dropout2d`: in training each whole channel (a `[H, W]` map of an `[N, C, H, W]`
/// input) is zeroed with probability `p`, the others scaled by 1 / (1 − p); identity in evaluation.
public final class Dropout2d: Module, CustomStringConvertible {
    public var isTraining = true
    /// Probability of zeroing a channel.
    public let p: Double
    /// The source of the masks, split from the generator given at init.
    public var generator: SeededGenerator

    public init(_ p: Double = 0.5, using generator: inout SeededGenerator) {
        require(p >= 0 && p <= 1, "Dropout2d: p must lie in [0, 1], got \(p)")
        self.p = p
        self.generator = generator.split()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.rank >= 3, "Dropout2d: input has shape \(x.shape), expected [N, C, H, W]")
        guard isTraining && p > 0 else { return x }
        let maskShape = [x.shape[0], x.shape[1]] + Array(repeating: 1, count: x.rank - 2)
        return x * dropoutMask(maskShape, p: p, dtype: x.dtype, using: &generator)
    }

    public var description: String { "Dropout2d(p: \(p))" }
}

/// 1 / (1 − p) with probability 1 − p, else 0 (all zeros when p = 1).
private func dropoutMask(_ shape: [Int], p: Double, dtype: DType, using generator: inout SeededGenerator) -> Tensor {
    let scale = p < 1 ? 1 / (1 - p) : 0
    return Tensor.fill(shape, dtype: dtype) { _ in generator.nextUnitDouble() < p ? 0 : scale }
}
