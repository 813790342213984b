import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// SGD, Adam and AdamW against `torch.optim` on the same parameters and gradients (fixture from `Scripts/make_optimizer_fixtures.py`).
@Suite struct OptimizerParityTests {
    static let cases = (try? loadOptimizerCases()) ?? []

    @Test func fixtureHasEveryVariant() {
        #expect(Set(Self.cases.map(\.name)) == ["sgd", "sgdMomentum", "sgdDampening", "sgdNesterov", "sgdWeightDecay",
                                                "adam", "adamGAN", "adamWeightDecay", "adamW", "adamWStrongDecay"])
    }

    @Test(arguments: cases.map(\.name))
    func matchesPyTorchStepByStep(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let parameters = zip(fixture.initial, fixture.shapes).map { Tensor($0, shape: $1).requiringGrad() }
        let optimizer = fixture.makeOptimizer(parameters)
        for (step, gradients) in fixture.grads.enumerated() {
            optimizer.zeroGrad()
            for (parameter, gradient) in zip(parameters, gradients) {
                parameter.grad = gradient.map { Tensor($0, shape: parameter.shape) }
            }
            optimizer.step()
            for (index, parameter) in parameters.enumerated() {
                let difference = maxRelativeDifference(parameter.scalars, fixture.after[step][index])
                #expect(difference < 1e-6, "\(name), step \(step + 1), parameter \(index): relative difference \(difference)")
            }
        }
    }

    @Test(arguments: cases.map(\.name))
    func stateMatchesPyTorchNames(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let parameters = zip(fixture.initial, fixture.shapes).map { Tensor($0, shape: $1).requiringGrad() }
        let optimizer = fixture.makeOptimizer(parameters)
        for gradients in fixture.grads {
            for (parameter, gradient) in zip(parameters, gradients) { parameter.grad = gradient.map { Tensor($0, shape: parameter.shape) } }
            optimizer.step()
        }
        for (index, (ours, theirs)) in zip(optimizer.exportState(), fixture.finalState).enumerated() {
            let state = try #require(ours)
            if case .number(let step) = theirs["step"] {  // torch.optim.SGD keeps no step count
                #expect(state.step == Int(step), "parameter \(index): step")
            }
            #expect(Set(state.buffers.keys) == Set(theirs.keys).subtracting(["step"]), "parameter \(index): buffer names")
            for (slot, buffer) in state.buffers {
                guard case .list(let expected) = theirs[slot] else { continue }
                let difference = maxRelativeDifference(buffer.scalars, expected)
                #expect(difference < 1e-6, "\(name), parameter \(index), \(slot): relative difference \(difference)")
            }
        }
    }
}
