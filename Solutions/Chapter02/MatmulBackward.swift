import TensorCore

extension Chapter02 {
    /// Exercise 2.4: the backward pass of the matrix product `C = A · B` (`A: [m, k]`, `B: [k, n]`).
    ///
    /// Given `gradOutput = ∂L/∂C` (`[m, n]`), return `∂L/∂A = ∂L/∂C · Bᵀ` (`[m, k]`) and
    /// `∂L/∂B = Aᵀ · ∂L/∂C` (`[k, n]`). Check the shapes: they are the quickest way to remember
    /// which side the transpose goes on. `matmul(_:transposeA:transposeB:)` transposes without copying.
    public static func matmulBackward(gradOutput: Tensor, a: Tensor, b: Tensor) throws -> InputGradients {
        InputGradients(a: gradOutput.matmul(b, transposeB: true),
                       b: a.matmul(gradOutput, transposeA: true))
    }
}
