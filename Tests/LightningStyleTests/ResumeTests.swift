import Datasets
import Foundation
@testable import LightningStyle
import NeuralNetworks
import TestFolders
import Testing
import TensorCore

@Suite struct ResumeTests {
    /// Trains a TinyGAN for `steps` optimizer steps with a `last` checkpoint; returns the trainer and the module.
    private func train(steps: Int, folder: URL, resumeFrom: URL? = nil, gan: TinyGAN = TinyGAN(), stopping: EarlyStopping? = nil) throws -> (Trainer, TinyGAN) {
        let checkpoint = ModelCheckpoint(directory: folder.appendingPathComponent("checkpoints"), saveLast: true)
        let trainer = Trainer(maxSteps: steps, callbacks: [checkpoint] + (stopping.map { [$0] } ?? []), rootDirectory: folder, seed: 11,
                              enableProgressBar: false)
        try trainer.fit(gan, datamodule: TinyData(train: tinyDataset(count: 22), validation: tinyDataset(count: 6, seed: 2), batchSize: 4),
                        checkpointPath: resumeFrom)
        return (trainer, gan)
    }

    private func state(_ trainer: Trainer, _ gan: TinyGAN) -> [String: [UInt32]] {
        var bits = parameterBits([("generator", gan.generator), ("discriminator", gan.discriminator)])
        for (index, optimizer) in gan.optimizers().enumerated() {
            for (p, entry) in optimizer.optimizer.exportState().enumerated() {
                bits["opt\(index).\(p).m"] = entry?.buffers["exp_avg"]?.scalars.map(\.bitPattern)
                bits["opt\(index).\(p).step"] = entry.map { [UInt32($0.step)] }
            }
        }
        return bits
    }

    @Test(arguments: [2 * 6 * 2, 2 * 9])  // stopped at an epoch boundary (2 epochs of 6 batches) and mid-epoch (batch 3 of epoch 1)
    func aResumedRunContinuesExactlyAsTheUninterruptedRun(stopAt: Int) throws {
        let total = 2 * 6 * 3 + 4  // into the fourth epoch
        let straight = try makeTestFolder("lightning-style-tests"), interrupted = try makeTestFolder("lightning-style-tests")
        let (fullTrainer, fullGAN) = try train(steps: total, folder: straight)
        let fullState = state(fullTrainer, fullGAN)
        // Capture the optimizer state while the module is still attached? It is: optimizers() holds the wrapped list.
        _ = try train(steps: stopAt, folder: interrupted)
        let (resumedTrainer, resumedGAN) = try train(steps: total, folder: interrupted,
                                                     resumeFrom: interrupted.appendingPathComponent("checkpoints/last.safetensors"))
        #expect(resumedTrainer.globalStep == total && resumedTrainer.currentEpoch == fullTrainer.currentEpoch)
        #expect(state(resumedTrainer, resumedGAN) == fullState)
        #expect(resumedTrainer.callbackMetrics["d_loss_epoch"] == fullTrainer.callbackMetrics["d_loss_epoch"])
        // The resumed run logged into a version folder of its own.
        #expect(resumedTrainer.logger!.version == 1)
        // And the comparison can fail: a run with another seed ends elsewhere.
        let other = Trainer(maxSteps: total, logger: false, rootDirectory: straight, seed: 12, enableProgressBar: false, enableCheckpointing: false)
        let otherGAN = TinyGAN()
        try other.fit(otherGAN, datamodule: TinyData(train: tinyDataset(count: 22), batchSize: 4))
        #expect(state(other, otherGAN) != fullState)
    }

    @Test func callbackStateIsRestoredFromTheCheckpoint() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let stopping = EarlyStopping(monitor: "d_loss_epoch", patience: 100)
        _ = try train(steps: 2 * 6 * 3, folder: folder, stopping: stopping)
        let restored = EarlyStopping(monitor: "d_loss_epoch", patience: 100)
        _ = try train(steps: 2 * 6 * 3, folder: folder, resumeFrom: folder.appendingPathComponent("checkpoints/last.safetensors"), stopping: restored)
        #expect(restored.bestScore == stopping.bestScore && restored.waitCount == stopping.waitCount)
    }

    @Test func aCheckpointOfAnotherModelOrMissingFileIsAClearError() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        _ = try train(steps: 4, folder: folder)
        let last = folder.appendingPathComponent("checkpoints/last.safetensors")
        #expect(throws: LightningError.badCheckpoint(path: last.path, reason: "it was trained with hyper-parameters latent_dim=3, lr=0.01, this module has latent_dim=3, lr=0.02")) {
            _ = try train(steps: 8, folder: folder, resumeFrom: last, gan: TinyGAN(lr: 0.02))
        }
        let missing = folder.appendingPathComponent("nothing.safetensors")
        #expect(throws: LightningError.badCheckpoint(path: missing.path, reason: "no such checkpoint file")) {
            _ = try train(steps: 8, folder: folder, resumeFrom: missing)
        }
    }
}
