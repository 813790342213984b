import Datasets
import Foundation
@testable import LightningStyle
import NeuralNetworks
import TestFolders
import Testing
import TensorCore

@Suite struct TrainerLoopTests {
    @Test func automaticOptimisationCallsEachOptimizerInOrderWithTheOthersSwitchedOff() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let gan = TinyGAN()
        var calls: [String] = []
        gan.onStep = { batchIndex, optimizerIndex in
            let gFlags = Set(gan.generator.parameters().map(\.requiresGrad)), dFlags = Set(gan.discriminator.parameters().map(\.requiresGrad))
            calls.append("\(batchIndex).\(optimizerIndex) G\(gFlags) D\(dFlags)")
        }
        let trainer = Trainer(maxEpochs: 1, limitTrainBatches: 2, logger: false, rootDirectory: folder, enableProgressBar: false,
                              enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: tinyDataset(count: 20), batchSize: 4))
        #expect(calls == ["0.0 G[true] D[false]", "0.1 G[false] D[true]", "1.0 G[true] D[false]", "1.1 G[false] D[true]"])
        // Untoggled afterwards, and the generator's step gave the discriminator no gradient.
        let allParameters = gan.generator.parameters() + gan.discriminator.parameters()
        #expect(allParameters.allSatisfy { $0.requiresGrad })
        // globalStep counts optimizer steps: two per batch.
        #expect(trainer.globalStep == 4)
    }

    @Test func aGeneratorStepLeavesTheDiscriminatorWithoutGradients() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let gan = TinyGAN()
        var discriminatorGradsDuringDStep: [Bool] = []
        gan.onStep = { _, optimizerIndex in
            // At the start of D's step, nothing in G's step may have reached D's gradients.
            if optimizerIndex == 1 { discriminatorGradsDuringDStep.append(gan.discriminator.parameters().allSatisfy { $0.grad == nil }) }
        }
        let trainer = Trainer(maxSteps: 2, logger: false, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: tinyDataset(count: 20), batchSize: 4))
        #expect(discriminatorGradsDuringDStep == [true])
    }

    @Test func theTrainersAutomaticLoopEqualsTheHandWrittenLoopBitForBit() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let dataset = tinyDataset(count: 22)  // 6 batches of 4, 4, 4, 4, 4, 2: the short last batch is trained too
        let gan = TinyGAN()
        let trainer = Trainer(maxSteps: 2 * 14, logger: false, rootDirectory: folder, seed: 5, enableProgressBar: false,
                              enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: dataset, batchSize: 4))
        #expect(trainer.currentEpoch == 2 && trainer.batchesInEpoch == 2)
        let (g, d) = handWrittenAutomaticLoop(dataset: dataset, batchSize: 4, batches: 14, seed: 5)
        let ours = parameterBits([("generator", gan.generator), ("discriminator", gan.discriminator)])
        #expect(ours == parameterBits([("generator", g), ("discriminator", d)]))
        // And a different seed gives different weights (the comparison can fail).
        let (g2, _) = handWrittenAutomaticLoop(dataset: dataset, batchSize: 4, batches: 14, seed: 6)
        #expect(ours != parameterBits([("generator", g2), ("discriminator", d)]))
    }

    @Test func manualOptimisationStepsTwiceAPerBatchAndMatchesItsHandLoop() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let dataset = tinyDataset(count: 16)
        let gan = TinyGAN(manual: true)
        let trainer = Trainer(maxEpochs: 2, logger: false, rootDirectory: folder, seed: 3, enableProgressBar: false,
                              enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: dataset, batchSize: 4))
        #expect(trainer.globalStep == 16)

        // The same step written by hand: noise once, G updated, then D on the detached fakes.
        var generator = SeededGenerator(seed: 7)
        let (g, d) = tinyModels(using: &generator)
        let optimizerG = Adam(g.parameters(), lr: 0.01), optimizerD = Adam(d.parameters(), lr: 0.01)
        let bce = BCELoss()
        for epoch in 0..<2 {
            var loader = DataLoader(dataset, batchSize: 4, dropLast: false, seed: Trainer.shuffleSeed(seed: 3, epoch: epoch))
            for (batchIndex, batch) in loader.epoch().enumerated() {
                var random = Trainer.batchGenerator(seed: 3, epoch: epoch, batchIndex: batchIndex)
                reseedDropout(in: [g, d], using: &random)
                let fake = g(Tensor.randn([4, 3], using: &random))
                optimizerG.zeroGrad()
                bce(d(fake), Tensor.ones([4, 1])).backward()
                optimizerG.step()
                optimizerD.zeroGrad()
                ((bce(d(batch.images), Tensor.ones([4, 1])) + bce(d(fake.detach()), Tensor.zeros([4, 1]))) / 2).backward()
                optimizerD.step()
            }
        }
        #expect(parameterBits([("generator", gan.generator), ("discriminator", gan.discriminator)])
                == parameterBits([("generator", g), ("discriminator", d)]))
    }

    @Test func maxStepsCountsOptimizerStepsAndLimitTrainBatchesCutsEpochs() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let data = TinyData(train: tinyDataset(count: 40), batchSize: 4)
        let stepsTrainer = Trainer(maxSteps: 6, logger: false, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        var batches = 0
        let gan = TinyGAN()
        gan.onStep = { _, optimizerIndex in if optimizerIndex == 0 { batches += 1 } }
        try stepsTrainer.fit(gan, datamodule: data)
        #expect(batches == 3 && stepsTrainer.globalStep == 6)

        let limited = Trainer(maxEpochs: 3, limitTrainBatches: 2, logger: false, rootDirectory: folder, enableProgressBar: false,
                              enableCheckpointing: false)
        try limited.fit(TinyGAN(), datamodule: data)
        #expect(limited.globalStep == 3 * 2 * 2 && limited.currentEpoch == 3)
        #expect(data.calls == ["prepareData", "setup(fit)", "prepareData", "setup(fit)"])
    }

    @Test func fastDevRunTrainsOneBatchAndWritesNothing() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let trainer = Trainer(maxEpochs: 5, fastDevRun: true, callbacks: [ModelCheckpoint(directory: folder.appendingPathComponent("ckpt"))],
                              rootDirectory: folder, enableProgressBar: false)
        try trainer.fit(TinyGAN(), datamodule: TinyData(train: tinyDataset(count: 20), validation: tinyDataset(count: 8, seed: 2), batchSize: 4))
        #expect(trainer.globalStep == 2 && trainer.currentEpoch == 1)
        #expect(trainer.logger == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func validationRunsWithoutGradientsInEvaluationModeAndValidateReturnsItsValues() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let gan = TinyGAN()
        let data = TinyData(train: tinyDataset(count: 8), validation: tinyDataset(count: 6, seed: 2), batchSize: 4)
        let values = try Trainer(logger: false, rootDirectory: folder, enableProgressBar: false).validate(gan, datamodule: data)
        // Evaluation mode: dropout off, so the value is D's plain mean verdict over the 6 images (batches of 4 and 2).
        gan.discriminator.eval()
        let expected = Double(withNoGrad { gan.discriminator(data.validation!.tensor(range: 0..<6)) }.mean().item)
        #expect(abs(values["val_d_real"]! - expected) < 1e-6)
        #expect(data.calls == ["prepareData", "setup(validate)"])
    }

    @Test func aDataModuleWithoutATrainingLoaderIsAClearError() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        #expect(throws: LightningError.self) {
            try Trainer(logger: false, rootDirectory: folder, enableProgressBar: false).fit(TinyGAN(), datamodule: LightningDataModule())
        }
    }
}
