import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// What optimizers do besides the arithmetic: skipping, zeroing, learning-rate changes, state export and import.
@Suite struct OptimizerBehaviourTests {
    /// Two parameters with fixed values and gradients.
    func parameters() -> [Tensor] {
        let a = Tensor([1, -2, 3, -4], shape: [2, 2]).requiringGrad()
        let b = Tensor([0.5, 0.25]).requiringGrad()
        return [a, b]
    }

    func setGradients(_ parameters: [Tensor], scale: Float) {
        for p in parameters { p.grad = Tensor(p.scalars.map { $0 * scale + 0.1 }, shape: p.shape) }
    }

    @Test func parametersWithoutGradientAreLeftAlone() {
        let ps = parameters()
        let adam = Adam(ps, lr: 0.1)
        ps[0].grad = Tensor.ones(like: ps[0])
        adam.step()
        #expect(ps[1].scalars == [0.5, 0.25])
        #expect(ps[0].scalars != [1, -2, 3, -4])
        #expect(adam.exportState()[1] == nil)
        #expect(adam.exportState()[0]?.step == 1)
    }

    @Test func zeroGradClearsEveryGradient() {
        let ps = parameters()
        setGradients(ps, scale: 1)
        SGD(ps, lr: 0.1).zeroGrad()
        #expect(ps.allSatisfy { $0.grad == nil })
    }

    @Test func learningRateCanChangeBetweenSteps() {
        let ps = parameters()
        let sgd = SGD(ps, lr: 0.5)
        setGradients(ps, scale: 0)  // every gradient is 0.1
        sgd.learningRate = 0
        sgd.step()
        #expect(ps[1].scalars == [0.5, 0.25])
        sgd.learningRate = 1
        sgd.step()
        #expect(ps[1].scalars == [0.4, 0.15])
    }

    @Test func stateBuffersAreReusedAcrossSteps() {
        let ps = parameters()
        let adam = Adam(ps)
        setGradients(ps, scale: 1)
        adam.step()
        let first = adam.exportState().map { $0.map { ObjectIdentifier($0.buffers["exp_avg"]!) } }
        adam.step()
        let second = adam.exportState().map { $0.map { ObjectIdentifier($0.buffers["exp_avg"]!) } }
        #expect(first == second)
        #expect(adam.exportState()[0]?.step == 2)
    }

    @Test(arguments: ["SGD", "Adam", "AdamW"])
    func exportedStateResumesTrainingExactly(_ kind: String) throws {
        func make(_ ps: [Tensor]) -> any Optimizer {
            switch kind {
            case "SGD": return SGD(ps, lr: 0.1, momentum: 0.9, nesterov: true)
            case "Adam": return Adam(ps, lr: 0.01, betas: (0.5, 0.999), weightDecay: 0.1)
            default: return AdamW(ps, lr: 0.01)
            }
        }
        let original = parameters()
        let optimizer = make(original)
        for step in 0..<3 { setGradients(original, scale: Float(step)); optimizer.step() }

        let copy = original.map { $0.clone().requiringGrad() }
        let resumed = make(copy)
        try resumed.importState(optimizer.exportState())
        for step in 3..<6 {
            setGradients(original, scale: Float(step)); optimizer.step()
            setGradients(copy, scale: Float(step)); resumed.step()
        }
        for (a, b) in zip(original, copy) { #expect(a.scalars == b.scalars) }
    }

    @Test func importRejectsStateThatDoesNotFit() {
        let adam = Adam(parameters())
        let wrongShape = ParameterState(step: 1, buffers: ["exp_avg": .zeros([3]), "exp_avg_sq": .zeros([3])])
        #expect(throws: OptimizerStateError.self) { try adam.importState([nil, nil, nil]) }
        #expect(throws: OptimizerStateError.self) { try adam.importState([nil, wrongShape]) }
        let wrongSlot = ParameterState(step: 1, buffers: ["momentum_buffer": .zeros([2])])
        do {
            try adam.importState([nil, wrongSlot])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("expected buffers [\"exp_avg\", \"exp_avg_sq\"], found [\"momentum_buffer\"]"))
        }
    }

    @Test func float64ParametersFollowTheSameRule() {
        let single = Tensor([1, -2]).requiringGrad()
        let double = Tensor(doubles: [1, -2], shape: [2]).requiringGrad()
        let a = Adam([single], lr: 0.1), b = Adam([double], lr: 0.1)
        for _ in 0..<3 {
            single.grad = Tensor([0.3, -0.7]); a.step()
            double.grad = Tensor(doubles: [0.3, -0.7], shape: [2]); b.step()
        }
        #expect(maxRelativeDifference(single.scalars, double.scalars) < 1e-6)
        #expect(single.scalars != [1, -2])
    }

    @Test(arguments: [0.9, 0.5, 0.3])
    func vectorisedAdamLoopEqualsTheScalarLoopBitForBit(beta1: Double) {
        // A 19-element parameter goes through the SIMD loop (16 elements) and the scalar tail;
        // 19 one-element parameters go through the scalar loop only.
        var gen = SeededGenerator(seed: 7)
        let values = Tensor.randn([19], using: &gen).scalars
        let whole = Tensor(values).requiringGrad()
        let pieces = values.map { Tensor([$0]).requiringGrad() }
        let a = Adam([whole], lr: 0.01, betas: (beta1, 0.99), weightDecay: 0.1)
        let c = Adam(pieces, lr: 0.01, betas: (beta1, 0.99), weightDecay: 0.1)
        for _ in 0..<3 {
            let gradient = Tensor.randn([19], using: &gen)
            whole.grad = gradient
            for (i, piece) in pieces.enumerated() { piece.grad = Tensor([gradient.scalars[i]]) }
            a.step()
            c.step()
        }
        #expect(whole.scalars == pieces.map(\.item))
    }
}

