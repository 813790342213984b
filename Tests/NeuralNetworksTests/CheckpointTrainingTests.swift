import Foundation
import TestFolders
import Testing
import TensorCore
@testable import NeuralNetworks

/// Saving a training checkpoint and resuming from it continues training exactly where it stopped.
@Suite struct CheckpointTrainingTests {
    /// A tiny "training run": two models (a weight and a bias each, plus a running-mean buffer), Adam for one and SGD for the other.
    final class Run {
        let generator = [(name: "weight", tensor: Tensor([0.5, -1, 2, 0.25], shape: [2, 2]).requiringGrad()),
                         (name: "bias", tensor: Tensor([0.1, -0.1]).requiringGrad())]
        let generatorBuffers = [(name: "runningMean", tensor: Tensor([0, 0]))]
        let discriminator = [(name: "weight", tensor: Tensor([1, 2]).requiringGrad())]
        let optimizerG: Adam
        let optimizerD: SGD
        var checkpoint = TrainingCheckpoint()

        init() {
            optimizerG = Adam(generator.map(\.tensor), lr: 0.01, betas: (0.5, 0.999))
            optimizerD = SGD(discriminator.map(\.tensor), lr: 0.05, momentum: 0.9)
            checkpoint.add(generator, prefix: "generator")
            checkpoint.add(generatorBuffers, prefix: "generator")
            checkpoint.add(discriminator, prefix: "discriminator")
            checkpoint.add(optimizerG, name: "optimizerG")
            checkpoint.add(optimizerD, name: "optimizerD")
        }

        /// One step of a made-up objective that depends on the step number.
        func step(_ t: Int) {
            let (w, b, d) = (generator[0].tensor, generator[1].tensor, discriminator[0].tensor)
            optimizerG.zeroGrad(); optimizerD.zeroGrad()
            let x = Tensor([Float(t), 1])
            let loss = ((w.matmul(x.reshape([2, 1])).reshape([2]) + b) * d).tanh().sum() + d.squared().sum() * 0.1
            loss.backward()
            optimizerG.step(); optimizerD.step()
            generatorBuffers[0].tensor.addInPlace(b.detach(), scaledBy: 0.1)
        }

        var allValues: [[Float]] { (generator + generatorBuffers + discriminator).map(\.tensor.scalars) }
    }

    @Test func resumingGivesTheSameTrajectoryAsNeverStopping() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("run.safetensors")
        let original = Run()
        for t in 0..<4 { original.step(t) }
        original.optimizerG.learningRate = 0.005
        original.checkpoint.metadata["epoch"] = "4"
        try original.checkpoint.save(to: url)

        let resumed = Run()
        let metadata = try resumed.checkpoint.restore(from: url)
        #expect(metadata["epoch"] == "4")
        #expect(resumed.optimizerG.learningRate == 0.005)
        #expect(resumed.allValues == original.allValues)
        for t in 4..<8 { original.step(t); resumed.step(t) }
        #expect(resumed.allValues == original.allValues)
        #expect(resumed.allValues != Run().allValues)
    }

    @Test func theFileUsesTheDocumentedNames() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("run.safetensors")
        let run = Run()
        for t in 0..<3 { run.step(t) }
        try run.checkpoint.save(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(Set(file.tensors.keys) == [
            "generator.weight", "generator.bias", "generator.runningMean", "discriminator.weight",
            "optimizerG.generator.weight.exp_avg", "optimizerG.generator.weight.exp_avg_sq",
            "optimizerG.generator.bias.exp_avg", "optimizerG.generator.bias.exp_avg_sq",
            "optimizerD.discriminator.weight.momentum_buffer",
        ])
        #expect(file.metadata["optimizerG.generator.weight.step"] == "3")
        #expect(file.metadata["optimizerD.lr"] == "0.05")
    }

    @Test func aCheckpointOfAnotherModelIsRejectedAndChangesNothing() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("run.safetensors")
        let run = Run()
        run.step(0)
        try run.checkpoint.save(to: url)

        let other = Run()
        var mismatched = TrainingCheckpoint()
        mismatched.add(other.generator, prefix: "generator")
        mismatched.add(other.generatorBuffers, prefix: "generator")
        mismatched.add([(name: "weight", tensor: Tensor.zeros([3]))], prefix: "discriminator")
        mismatched.add(other.optimizerG, name: "optimizerG")
        let error = thrownError { try mismatched.restore(from: url) }
        #expect(error as? SafetensorsError == .shapeMismatch(file: url.path, tensor: "discriminator.weight", expected: [3], found: [2]))
        #expect(other.allValues == Run().allValues, "no tensor was overwritten")
        #expect(other.optimizerG.exportState().allSatisfy { $0 == nil }, "no optimizer state was loaded")
    }
}
