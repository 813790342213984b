import TensorCore

/// The exercises of chapter 2 (automatic differentiation), one file per exercise.
public enum Chapter02 {
    /// The gradients of a two-input operation with respect to its inputs.
    public struct InputGradients {
        public var a: Tensor
        public var b: Tensor

        public init(a: Tensor, b: Tensor) {
            self.a = a
            self.b = b
        }
    }
}
