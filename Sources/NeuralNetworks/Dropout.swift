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
    let mask = Tensor(uninitializedShape: shape, dtype: dtype)
    switch dtype {
    case .float32: drawMask(mask.pointer(Float.self), count: mask.count, p: p, using: &generator)
    case .float64: drawMask(mask.pointer(Double.self), count: mask.count, p: p, using: &generator)
    }
    return mask
}

/// The draws of `Tensor.fill(shape) { _ in generator.nextUnitDouble() < p ? 0 : scale }`, as a typed loop over a
/// local copy of the generator: through `fill`'s closure, one call per element, the masks took 5% of an MLP GAN's step.
@inline(__always)
private func drawMask<T: TensorScalar>(_ mask: UnsafeMutablePointer<T>, count: Int, p: Double,
                                       using generator: inout SeededGenerator) {
    let kept = T(p < 1 ? 1 / (1 - p) : 0)
    // `nextUnitDouble() < p` is `next() >> 11 < p·2⁵³`, i.e. `< limit`: the same test in integers, which the
    // compiler turns into a multiply rather than a branch that mispredicts at random (3× slower).
    let limit = UInt64((p * 0x1p53).rounded(.up))
    var local = generator
    for i in 0..<count { mask[i] = kept * T(local.next() >> 11 >= limit ? 1 : 0 as UInt8) }
    generator = local
}
