import TensorCore

extension Chapter02 {
    /// Exercise 2.1: the backward pass of element-wise multiplication `c = a · b`.
    ///
    /// Given `gradOutput = ∂L/∂c` (shape of `c`), return `∂L/∂a` and `∂L/∂b`. By the chain rule
    /// `∂L/∂aᵢ = ∂L/∂cᵢ · bᵢ` and `∂L/∂bᵢ = ∂L/∂cᵢ · aᵢ`. With broadcasting, `a` or `b` may be smaller
    /// than `c`: an input element that was used for many output elements receives the *sum* of their
    /// gradients, so each gradient must be reduced back to its input's shape (`sumToShape(_:)`).
    ///
    ///     a: [2, 3], b: [3], gradOutput: [2, 3]  →  gradients of shapes [2, 3] and [3]
    public static func mulBackward(gradOutput: Tensor, a: Tensor, b: Tensor) throws -> InputGradients {
        InputGradients(a: (gradOutput * b).sumToShape(a.shape),
                       b: (gradOutput * a).sumToShape(b.shape))
    }
}
