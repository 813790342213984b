import TensorCore

extension Chapter01 {
    /// Exercise 1.3: a numerically stable softmax along the last axis.
    ///
    /// `softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)` for every row (every position of the other axes).
    /// Computed literally, `exp(1000)` overflows to infinity and the result is `inf / inf = nan`.
    /// Build it from tensor operations (`max(axis:keepDims:)`, `exp()`, `sum(axis:keepDims:)`, `-`, `/`)
    /// so that it is differentiable, and make it survive inputs like `[1000, 1001, 1002]`.
    /// The result has the shape of `x`.
    public static func softmax(_ x: Tensor) throws -> Tensor {
        throw ExerciseNotDone("Exercise 1.3")
    }
}
