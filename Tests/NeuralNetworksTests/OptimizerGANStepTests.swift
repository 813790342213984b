import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// One full GAN training step, end to end, against PyTorch: the `mlp` architecture of `gan-bench`
/// (narrowed to G 16→32→64→128→64 and D 64→64→32→16→1 so the fixture stays small), BCE,
/// Adam(2e-4, betas (0.5, 0.999)), the D step on real and fake, then the non-saturating G step.
/// Weights, data and PyTorch's results come from `Fixtures/optimizers/gan_step.safetensors`
/// (`Scripts/make_optimizer_fixtures.py`). D runs in eval mode: two random generators cannot draw the same dropout masks.
///
/// Tolerances: losses within 1e-6 relative; gradients and updated weights within 1e-5 of each
/// tensor's largest value. The first Adam step moves each weight by about ±lr whatever the gradient's size,
/// so the weight check also catches a sign error in any gradient larger than float32 noise.
@Suite struct OptimizerGANStepTests {
    @Test func oneTrainingStepMatchesPyTorch() throws {
        var gen = SeededGenerator(seed: 1)
        let generator = Sequential([
            Linear(16, 32, using: &gen), LeakyReLU(0.2), Linear(32, 64, using: &gen), LeakyReLU(0.2),
            Linear(64, 128, using: &gen), LeakyReLU(0.2), Linear(128, 64, using: &gen), Tanh(),
        ])
        let discriminator = Sequential([
            Linear(64, 64, using: &gen), LeakyReLU(0.2), Dropout(0.3, using: &gen),
            Linear(64, 32, using: &gen), LeakyReLU(0.2), Dropout(0.3, using: &gen),
            Linear(32, 16, using: &gen), LeakyReLU(0.2), Dropout(0.3, using: &gen),
            Linear(16, 1, using: &gen), Sigmoid(),
        ])
        discriminator.eval()
        let url = fixtureURL("optimizers/gan_step.safetensors")
        let models = [("G", generator), ("D", discriminator)]
        let initial = models.flatMap { prefix, model in model.namedParameters().map { ("initial.\(prefix).\($0.name)", $0.tensor) } }
        try loadSafetensors(into: initial, from: url)
        let fixture = try SafetensorsFile(contentsOf: url)
        let real = try #require(fixture.tensors["real"]), noise = try #require(fixture.tensors["noise"])

        let optimizerD = Adam(discriminator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let optimizerG = Adam(generator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let (lossD, lossG) = referenceGANStep(generator: generator, discriminator: discriminator, optimizerG: optimizerG,
                                              optimizerD: optimizerD, real: real, noise: noise)

        let expectedD = try #require(Double(fixture.metadata["lossD"] ?? "")), expectedG = try #require(Double(fixture.metadata["lossG"] ?? ""))
        #expect(abs(Double(lossD.item) - expectedD) / expectedD < 1e-6, "D loss \(lossD.item), PyTorch \(expectedD)")
        #expect(abs(Double(lossG.item) - expectedG) / expectedG < 1e-6, "G loss \(lossG.item), PyTorch \(expectedG)")

        for (prefix, model) in models {
            for (name, parameter) in model.namedParameters() {
                let grad = try #require(fixture.tensors["grad.\(prefix).\(name)"]), after = try #require(fixture.tensors["after.\(prefix).\(name)"])
                let gradDifference = maxRelativeDifference(try #require(parameter.grad).scalars, grad.scalars)
                let weightDifference = maxRelativeDifference(parameter.scalars, after.scalars)
                #expect(gradDifference < 1e-5, "\(prefix).\(name): gradient differs by \(gradDifference) of its scale")
                #expect(weightDifference < 1e-5, "\(prefix).\(name): updated weight differs by \(weightDifference) of its scale")
            }
        }
    }
}
