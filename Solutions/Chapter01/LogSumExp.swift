import TensorCore

extension Chapter01 {
    /// Exercise 1.4: log-sum-exp along the last axis.
    ///
    /// `logSumExp(x) = log Σⱼ exp(xⱼ)` for every row; the last axis disappears from the shape
    /// (`[2, 3]` → `[2]`). Use the identity `log Σ exp(xⱼ) = m + log Σ exp(xⱼ − m)` with `m = max xⱼ`
    /// so that both `[1000, 1000]` (overflow) and `[-1000, -1000]` (underflow to `log 0 = -inf`) work.
    public static func logSumExp(_ x: Tensor) throws -> Tensor {
        let m = x.max(axis: -1, keepDims: true).detach()
        let sumOfShifted = (x - m).exp().sum(axis: -1, keepDims: true)
        return (m + sumOfShifted.log()).squeeze(-1)
    }
}
