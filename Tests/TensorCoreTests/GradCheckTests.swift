import Testing
import TensorCore

@Suite("gradcheck: every differentiable operation against finite differences in float64")
struct GradCheckTests {
    /// The fixture inputs (random, inside each operation's domain) double as gradcheck inputs;
    /// for kinked operations every element is pushed at least 0.05 away from the kink.
    static func gradcheckInputs(_ fixture: OpFixture) -> [Tensor] {
        fixture.inputs.map { array in
            var data = array.data
            if kinkedOperations.contains(fixture.name) {
                let kinks: [Double] = fixture.name == "clamp" ? [-0.5, 0.7] : [0]
                data = data.map { v in
                    var v = v
                    for k in kinks where abs(v - k) < 0.05 { v = k + (v < k ? -0.05 : 0.05) }
                    return v
                }
            }
            return Tensor(doubles: data, shape: array.shape)
        }
    }

    @Test("relative error below 1e-7 (the 'happy' reading)", arguments: try loadOpFixtures())
    func operation(_ fixture: OpFixture) throws {
        let op = try #require(operations[fixture.name])
        let report = gradcheck(Self.gradcheckInputs(fixture), op)
        #expect(report.maxRelativeError < 1e-7, "\(fixture.name): \(report)")
        #expect(report.verdict == .happy)
    }

    @Test("a wrong backward is caught")
    func catchesWrongBackward() {
        // sigmoid' written as σ(1 + σ) instead of σ(1 − σ).
        let wrongSigmoid: ([Tensor]) -> Tensor = { xs in
            let x = xs[0]
            let y = withNoGrad { x.sigmoid() }
            let saved = y.detach()
            return y.clone().recordOperation("wrongSigmoid", inputs: [x]) { g in [g * saved * (1 + saved)] }
        }
        let report = gradcheck([Tensor(doubles: [-1, 0.5, 2], shape: [3])], wrongSigmoid)
        #expect(report.maxRelativeError > 1e-2)
        #expect(report.verdict == .wrong)
    }
}
