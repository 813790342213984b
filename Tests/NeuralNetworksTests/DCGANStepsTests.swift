import Foundation
import Testing
import TensorCore
@testable import NeuralNetworks

/// Three training steps of chapter 7's DCGAN against PyTorch, with BatchNorm in training mode: batch statistics
/// forward and backward through convolutions and transposed convolutions, running statistics updated three times
/// per step in D and once in G, Adam on both. The architecture is the chapter's narrowed to z 16, width 8, batch 4
/// (`Fixtures/optimizers/dcgan_steps.safetensors`, `Scripts/make_optimizer_fixtures.py`).
///
/// A difference in any layer's forward or backward pass, in the BatchNorm update or in the step order would
/// show in the losses of the later steps, in the weights and running statistics after them, and in G's
/// evaluation-mode images. Tolerances: losses within 1e-5 relative; weights, running statistics and images
/// within 1e-5 of each tensor's largest value (measured: about 1e-6 at most). Three Adam steps move each weight
/// by about 3 · 2e-4, so a wrong gradient sign anywhere shows as a difference near 1e-2.
@Suite struct DCGANStepsTests {
    @Test func threeTrainingStepsMatchPyTorch() throws {
        let nz = 16, w = 8
        var gen = SeededGenerator(seed: 1)
        let generator = Sequential(
            ConvTranspose2d(nz, 4 * w, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &gen), BatchNorm2d(4 * w), ReLU(),
            ConvTranspose2d(4 * w, 2 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), BatchNorm2d(2 * w), ReLU(),
            ConvTranspose2d(2 * w, w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), BatchNorm2d(w), ReLU(),
            ConvTranspose2d(w, 3, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), Tanh())
        let discriminator = Sequential(
            Conv2d(3, w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), LeakyReLU(0.2),
            Conv2d(w, 2 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), BatchNorm2d(2 * w), LeakyReLU(0.2),
            Conv2d(2 * w, 4 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &gen), BatchNorm2d(4 * w), LeakyReLU(0.2),
            Conv2d(4 * w, 1, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &gen), Flatten(), Sigmoid())
        let url = fixtureURL("optimizers/dcgan_steps.safetensors")
        let models = [("G", generator), ("D", discriminator)]
        try loadSafetensors(into: models.flatMap { prefix, model in
            model.namedParameters().map { ("initial.\(prefix).\($0.name)", $0.tensor) }
        }, from: url)
        let fixture = try SafetensorsFile(contentsOf: url)
        let steps = try #require(fixture.metadata["steps"].flatMap(Int.init))

        let optimizerD = Adam(discriminator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let optimizerG = Adam(generator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        for step in 0..<steps {
            let real = try #require(fixture.tensors["real.\(step)"]), noise = try #require(fixture.tensors["noise.\(step)"])
            let (lossD, lossG) = referenceGANStep(generator: generator, discriminator: discriminator, optimizerG: optimizerG,
                                                  optimizerD: optimizerD, real: real, noise: noise.reshape([real.shape[0], nz, 1, 1]))

            for (name, loss) in [("lossD", lossD), ("lossG", lossG)] {
                let expected = try #require(fixture.metadata["\(name).\(step)"].flatMap(Double.init))
                #expect(abs(Double(loss.item) - expected) / expected < 1e-5, "step \(step + 1): \(name) \(loss.item), PyTorch \(expected)")
            }
        }

        var compared = 0
        for (prefix, model) in models {
            for (name, tensor) in model.namedParameters() + model.namedBuffers() where !name.hasSuffix("num_batches_tracked") {
                let expected = try #require(fixture.tensors["after.\(prefix).\(name)"], "no \(prefix).\(name) in the fixture")
                let difference = maxRelativeDifference(tensor.scalars, expected.scalars)
                #expect(difference < 1e-5, "\(prefix).\(name) after \(steps) steps differs by \(difference) of its scale")
                compared += 1
            }
        }
        #expect(compared == (4 + 3 * 4) + (4 + 2 * 4), "G: 4 convolutions and 3 BatchNorms of 4 tensors each; D: 4 and 2")

        generator.eval()
        let sampleNoise = try #require(fixture.tensors["sampleNoise"]), expectedSamples = try #require(fixture.tensors["samples"])
        let samples = withNoGrad { generator(sampleNoise.reshape([sampleNoise.shape[0], nz, 1, 1])) }
        let difference = maxRelativeDifference(samples.scalars, expectedSamples.scalars)
        #expect(difference < 1e-5, "G's evaluation-mode images differ from PyTorch's by \(difference) of their scale")
    }
}
