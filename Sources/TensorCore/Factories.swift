extension Tensor {
    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) -> Tensor {
        let t = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: t.pointer(Float.self).initialize(repeating: Float(value), count: t.count)
        case .float64: t.pointer(Double.self).initialize(repeating: value, count: t.count)
        }
        return t
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(shape, 0, dtype: dtype) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(shape, 1, dtype: dtype) }

    /// Zeros with the shape and dtype of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

    /// Ones with the shape and dtype of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// `start, start + step, …` up to but not including `end`, as a 1-D tensor.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        require(step != 0, "arange: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return fill([n], dtype: dtype) { start + Double($0) * step }
    }

    /// `n` evenly spaced values from `start` to `end` inclusive.
    public static func linspace(_ start: Double, _ end: Double, count n: Int, dtype: DType = .float32) -> Tensor {
        let step = n > 1 ? (end - start) / Double(n - 1) : 0
        return fill([n], dtype: dtype) { start + Double($0) * step }
    }

    /// Uniform samples in [0, 1).
    public static func rand(_ shape: [Int], dtype: DType = .float32, using generator: inout SeededGenerator) -> Tensor {
        uniform(shape, low: 0, high: 1, dtype: dtype, using: &generator)
    }

    /// Uniform samples in [low, high).
    public static func uniform(_ shape: [Int], low: Double, high: Double, dtype: DType = .float32,
                               using generator: inout SeededGenerator) -> Tensor {
        fill(shape, dtype: dtype) { _ in low + (high - low) * generator.nextUnitDouble() }
    }

    /// Standard normal samples.
    public static func randn(_ shape: [Int], dtype: DType = .float32, using generator: inout SeededGenerator) -> Tensor {
        normal(shape, mean: 0, std: 1, dtype: dtype, using: &generator)
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Double, std: Double, dtype: DType = .float32,
                              using generator: inout SeededGenerator) -> Tensor {
        fill(shape, dtype: dtype) { _ in mean + std * generator.nextNormal() }
    }

    /// 1 with probability `p`, else 0 (dropout masks, coin flips).
    public static func bernoulli(_ shape: [Int], p: Double, dtype: DType = .float32,
                                 using generator: inout SeededGenerator) -> Tensor {
        fill(shape, dtype: dtype) { _ in generator.nextUnitDouble() < p ? 1 : 0 }
    }

    /// A tensor whose element `i` (row-major) is `value(i)`, computed in order `i = 0, 1, 2, …`.
    public static func fill(_ shape: [Int], dtype: DType, _ value: (Int) -> Double) -> Tensor {
        let t = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32:
            let p = t.pointer(Float.self)
            for i in 0..<t.count { p[i] = Float(value(i)) }
        case .float64:
            let p = t.pointer(Double.self)
            for i in 0..<t.count { p[i] = value(i) }
        }
        return t
    }

    /// A copy with its own storage, outside any graph.
    public func clone() -> Tensor {
        let t = Tensor(uninitializedShape: shape, dtype: dtype)
        t.storage.raw.copyMemory(from: storage.raw, byteCount: count * dtype.byteSize)
        return t
    }

    /// A new tensor sharing this one's storage but cut from the graph: gradients stop here.
    public func detach() -> Tensor { Tensor(storage: storage, shape: shape) }
}
