import TensorCore

extension Chapter02 {
    /// Exercise 2.3: the sigmoid `σ(x) = 1 / (1 + e⁻ˣ)` as a custom differentiable operation.
    ///
    /// 1. Compute the output without recording a graph: work on `x.detach()` (you may use
    ///    `x.detach().sigmoid()`, or build it from `exp`, `+` and `/`, but it must not overflow into NaN).
    /// 2. Record your own operation with
    ///    `output.recordOperation("my sigmoid", inputs: [x]) { gradOutput in [ … ] }`,
    ///    where the closure returns `∂L/∂x = gradOutput · σ(x) · (1 − σ(x))`.
    ///    Capture `output.detach()` in the closure, not `output` itself (that would be a reference cycle).
    ///
    /// The check runs `gradcheck` on your operation, so a wrong derivative is caught.
    public static func sigmoid(_ x: Tensor) throws -> Tensor {
        let output = x.detach().sigmoid()
        let saved = output.detach()
        return output.recordOperation("my sigmoid", inputs: [x]) { gradOutput in
            [gradOutput * saved * (1 - saved)]
        }
    }
}
