import NeuralNetworks
import TensorCore
import Testing

@Suite struct DropoutTests {
    @Test func dropsAboutPAndScalesSurvivors() {
        var g = SeededGenerator(seed: 4)
        let dropout = Dropout(0.3, using: &g)
        let x = Tensor.ones([100_000]).requiringGrad()
        let y = dropout(x)
        let values = y.scalars
        let zeros = values.filter { $0 == 0 }.count
        // Binomial(100000, 0.3): standard deviation ≈ 145, so ±1000 is ~7σ.
        #expect(Swift.abs(zeros - 30_000) < 1_000)
        #expect(values.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
        #expect(Swift.abs(Double(values.reduce(0, +)) / 100_000 - 1) < 0.02)   // expectation preserved
        y.sum().backward()
        #expect(x.grad!.scalars == values)                                    // gradient = mask (x is ones)
    }

    @Test func evalIsIdentityAndSeedsRepeat() {
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        let a = Dropout(0.5, using: &g1), b = Dropout(0.5, using: &g2)
        let x = Tensor.randn([64], using: &g1)
        #expect(a(x).scalars == b(x).scalars)
        var g3 = SeededGenerator(seed: 10)
        #expect(Dropout(0.5, using: &g3)(x).scalars != a(x).scalars)
        a.eval()
        #expect(a(x).scalars == x.scalars)
    }

    @Test("the mask of element i is the generator's i-th draw: zero exactly when nextUnitDouble() < p, in float32 and float64")
    func maskFollowsTheDraws() {
        for (p, dtype) in [(0.3, DType.float32), (0.7, .float64), (1.0 / 3, .float32)] {
            var g = SeededGenerator(seed: 21)
            let dropout = Dropout(p, using: &g)
            var draws = dropout.generator
            let expected = (0..<10_001).map { _ in draws.nextUnitDouble() < p ? 0 : Float(1 / (1 - p)) }
            #expect(dropout(Tensor.ones([10_001], dtype: dtype)).scalars == expected, "p = \(p), \(dtype)")
            #expect(dropout.generator.next() == draws.next(), "the layer's generator moved on by one draw per element")
        }
    }

    @Test func dropout2dZeroesWholeChannels() {
        var g = SeededGenerator(seed: 2)
        let dropout = Dropout2d(0.5, using: &g)
        let y = dropout(Tensor.ones([8, 16, 3, 3])).scalars
        var dropped = 0
        for channel in 0..<(8 * 16) {
            let values = Set(y[(channel * 9)..<(channel * 9 + 9)])
            #expect(values == [0] || values == [2])
            if values == [0] { dropped += 1 }
        }
        #expect(dropped > 40 && dropped < 88)   // Binomial(128, 0.5): mean 64, σ ≈ 5.7
        dropout.eval()
        #expect(dropout(Tensor.ones([2, 2, 2, 2])).scalars == [Float](repeating: 1, count: 16))
    }
}
