import Foundation
import Testing
import TensorCore

/// `float32` tanh runs its own SIMD kernel rather than the C library's `tanhf`; it must stay within 1 ulp of the
/// correctly rounded value everywhere, and give the C library's answers at ±0, ±∞ and NaN.
@Suite("float32 tanh kernel")
struct TanhKernelTests {
    /// How many float32 steps (ulps of the correctly rounded value) `got` is from tanh(x) computed in Double.
    private func ulpsOff(_ got: Float, _ x: Float) -> Float {
        let want = Float(Foundation.tanh(Double(x)))
        return abs(got - want) / want.ulp
    }

    @Test("within 1 ulp over 400,003 points of [−12, 12] and near the switch at |x| = 0.625, in one tensor whose length is not a multiple of 8")
    func accurate() {
        var inputs = (0..<400_003).map { -12 + 24 * Float($0) / 400_002 }
        var near = Float(0.625)
        for _ in 0..<64 { inputs += [near, -near]; near = near.nextDown }
        inputs += [1e-30, -1e-30, 1e-5, 9, 9.01, 20.5]
        let got = Tensor(inputs).tanh().scalars
        let worst = zip(got, inputs).map { ulpsOff($0, $1) }.max()!
        #expect(worst <= 1, "worst error \(worst) ulps")
    }

    @Test("±0 keep their sign, ±∞ give ±1, large inputs give exactly ±1, NaN stays NaN")
    func specialValues() {
        let got = Tensor([0, -0.0, .infinity, -.infinity, 100, -100, .nan] as [Float]).tanh().scalars
        #expect(got[0] == 0 && got[0].sign == .plus)
        #expect(got[1] == 0 && got[1].sign == .minus)
        #expect(Array(got[2...5]) == [1, -1, 1, -1])
        #expect(got[6].isNaN)
    }

    @Test("float32 and float64 tanh agree to float32 precision")
    func matchesFloat64() {
        let x = Tensor.fill([33, 7], dtype: .float64) { Double($0 - 115) / 23 }
        let single = x.to(.float32).tanh().to(.float64), double = x.tanh()
        let gap = (single - double).abs().max().doubles[0]
        #expect(gap < 1.2e-7, "largest difference \(gap)")
    }
}
