import TensorCore

extension Chapter02 {
    /// Exercise 2.2: the backward pass of `y = tanh(x)`, from the saved *output* `y`.
    ///
    /// `d tanh(x)/dx = 1 − tanh²(x) = 1 − y²`, so the backward pass needs only the output:
    /// return `gradOutput · (1 − y²)` element by element (same shape as `y`).
    /// Keeping the output instead of recomputing `tanh` is what `Tensor.tanh()` does too.
    public static func tanhBackward(gradOutput: Tensor, output y: Tensor) throws -> Tensor {
        throw ExerciseNotDone("Exercise 2.2")
    }
}
