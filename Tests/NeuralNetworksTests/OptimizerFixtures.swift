import Foundation
import TensorCore
@testable import NeuralNetworks

/// The URL of a file under `Fixtures/`, e.g. `fixtureURL("optimizers/optimizers.json")`.
func fixtureURL(_ relativePath: String) -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
}

/// One case of `Fixtures/optimizers/optimizers.json`, written by `Scripts/make_optimizer_fixtures.py`.
struct OptimizerCase: Decodable {
    struct Hyper: Decodable {
        var optimizer: String
        var lr: Double
        var momentum: Double?
        var dampening: Double?
        var nesterov: Bool?
        var weightDecay: Double?
        var beta1: Double?
        var beta2: Double?
        var eps: Double?
    }
    var name: String
    var hyper: Hyper
    var shapes: [[Int]]
    var initial: [[Float]]
    /// `grads[step][parameter]`; `nil` when the parameter has no gradient at that step.
    var grads: [[[Float]?]]
    /// `after[step][parameter]`: the parameters after each step.
    var after: [[[Float]]]
    /// PyTorch's `optimizer.state[p]` at the end, per parameter: `step` and the buffers.
    var finalState: [[String: FloatOrList]]

    enum FloatOrList: Decodable {
        case number(Double), list([Float])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .list(try container.decode([Float].self)) }
        }
    }

    /// The optimizer these hyper-parameters describe, over `parameters`.
    func makeOptimizer(_ parameters: [Tensor]) -> any Optimizer {
        let h = hyper
        switch h.optimizer {
        case "SGD":
            return SGD(parameters, lr: h.lr, momentum: h.momentum ?? 0, dampening: h.dampening ?? 0,
                       weightDecay: h.weightDecay ?? 0, nesterov: h.nesterov ?? false)
        case "Adam":
            return Adam(parameters, lr: h.lr, betas: (h.beta1 ?? 0.9, h.beta2 ?? 0.999), eps: h.eps ?? 1e-8, weightDecay: h.weightDecay ?? 0)
        default:
            return AdamW(parameters, lr: h.lr, betas: (h.beta1 ?? 0.9, h.beta2 ?? 0.999), eps: h.eps ?? 1e-8, weightDecay: h.weightDecay ?? 1e-2)
        }
    }
}

func loadOptimizerCases() throws -> [OptimizerCase] {
    struct File: Decodable { var cases: [OptimizerCase] }
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: fixtureURL("optimizers/optimizers.json"))).cases
}

/// max |a − b| / max |b|: the difference measured against the tensor's scale, so that an element that is small
/// because of cancellation (p − lr·g ≈ 0) is not held to a tighter standard than float32 arithmetic offers.
func maxRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "comparing \(a.count) values with \(b.count)")
    let scale = b.map(abs).max() ?? 0
    let largest = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    return scale == 0 ? largest : largest / scale
}

/// One GAN training step as the reference scripts take it: D on `real` (target 1) and on the detached fakes
/// `generator(noise)` (target 0), BCE, a D step; then G with the non-saturating loss on the same fakes, a G step.
/// D's gradients from the G step land on top of the D step's, as in PyTorch (no `zeroGrad` in between).
func referenceGANStep(generator: Sequential, discriminator: Sequential, optimizerG: Adam, optimizerD: Adam,
                      real: Tensor, noise: Tensor) -> (lossD: Tensor, lossG: Tensor) {
    let bce = BCELoss(), batch = real.shape[0]
    let ones = Tensor.ones([batch, 1]), zeros = Tensor.zeros([batch, 1])

    optimizerD.zeroGrad()
    let fake = generator(noise)
    let lossD = bce(discriminator(real), ones) + bce(discriminator(fake.detach()), zeros)
    lossD.backward()
    optimizerD.step()

    optimizerG.zeroGrad()
    let lossG = bce(discriminator(fake), ones)
    lossG.backward()
    optimizerG.step()
    return (lossD, lossG)
}
