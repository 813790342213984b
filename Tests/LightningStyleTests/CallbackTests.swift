import Datasets
import Foundation
@testable import LightningStyle
import NeuralNetworks
import TestFolders
import Testing
import TensorCore

@Suite struct CallbackTests {
    @Test func hooksRunInLightningsOrderWithMonitoringCallbacksAfterTheModule() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let sink = EventSink()
        let gan = TinyGAN()
        gan.onEpochEnd = { sink.events.append("module.epochEnd") }
        // The monitoring callback is listed first but must run after the module's hook.
        let trainer = Trainer(maxEpochs: 2, callbacks: [RecordingCallback("m", monitoring: true, sink: sink), RecordingCallback("a", sink: sink)],
                              logger: false, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: tinyDataset(count: 8), validation: tinyDataset(count: 4, seed: 2), batchSize: 4))
        let epoch: (Int) -> [String] = { e in
            ["m.epochStart(\(e))", "a.epochStart(\(e))", "m.batchEnd(0)", "a.batchEnd(0)", "m.batchEnd(1)", "a.batchEnd(1)",
             "m.validationEnd", "a.validationEnd", "a.epochEnd(\(e))", "module.epochEnd", "m.epochEnd(\(e))"]
        }
        #expect(sink.events == ["m.fitStart", "a.fitStart"] + epoch(0) + epoch(1) + ["m.fitEnd", "a.fitEnd"])
    }

    @Test func theSampleGridCallbackWritesAGridEveryKEpochs() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let gan = TinyGAN()
        var noiseGenerator = SeededGenerator(seed: 1)
        let noise = Tensor.randn([6, 3], using: &noiseGenerator)
        let grids = SampleGridCallback(directory: folder.appendingPathComponent("grids"), everyNEpochs: 2) { module in
            (module as! TinyGAN).generator(noise)
        }
        let trainer = Trainer(maxEpochs: 5, callbacks: [grids], logger: false, rootDirectory: folder, enableProgressBar: false,
                              enableCheckpointing: false)
        try trainer.fit(gan, datamodule: TinyData(train: tinyDataset(count: 8), batchSize: 4))
        #expect(grids.written.map(\.epoch) == [1, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("grids").path).sorted()
                == ["epoch-001.png", "epoch-003.png"])
    }
}

@Suite struct ModelCheckpointTests {
    private func run(_ values: [Double], _ checkpoint: ModelCheckpoint, folder: URL) throws -> Trainer {
        let trainer = Trainer(maxEpochs: values.count, callbacks: [checkpoint], logger: false, rootDirectory: folder,
                              enableProgressBar: false)
        try trainer.fit(ScriptedMetric("score", values), datamodule: TinyData(train: tinyDataset(count: 4), batchSize: 4))
        return trainer
    }

    private func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func itKeepsTheTopKByTheMonitoredMetricAndTheLast() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let directory = folder.appendingPathComponent("checkpoints")
        let checkpoint = ModelCheckpoint(directory: directory, filename: "epoch={epoch}-score={score}", monitor: "score", mode: .min,
                                         saveTopK: 2, saveLast: true)
        _ = try run([5, 3, 4, 1, 2], checkpoint, folder: folder)
        // Kept after each epoch: {5}, {5, 3}, {3, 4}, {3, 1}, {1, 2}.
        #expect(try files(directory) == ["epoch=3-score=1.0000.safetensors", "epoch=4-score=2.0000.safetensors", "last.safetensors"])
        #expect(checkpoint.bestModelPath?.hasSuffix("epoch=3-score=1.0000.safetensors") == true && checkpoint.bestModelScore == 1)
        // The last checkpoint is the end of the run: epoch 4, 5 optimizer steps.
        let metadata = try SafetensorsFile(contentsOf: directory.appendingPathComponent("last.safetensors")).metadata
        #expect(metadata["epoch"] == "4" && metadata["global_step"] == "5")
    }

    @Test func maxModeKeepsTheHighestAndEqualValuesDoNotReplace() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let directory = folder.appendingPathComponent("checkpoints")
        let checkpoint = ModelCheckpoint(directory: directory, monitor: "score", mode: .max, saveTopK: 1)
        _ = try run([0.2, 0.7, 0.7, 0.5], checkpoint, folder: folder)
        #expect(try files(directory) == ["epoch=1-step=2.safetensors"])
        #expect(checkpoint.shouldSave(0.71) && !checkpoint.shouldSave(0.7) && !checkpoint.shouldSave(.nan))
    }

    @Test func ofTwoEquallyBadCheckpointsTheOlderGoesFirst() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let directory = folder.appendingPathComponent("checkpoints")
        let checkpoint = ModelCheckpoint(directory: directory, filename: "epoch={epoch}", monitor: "score", saveTopK: 2)
        _ = try run([3, 3, 1], checkpoint, folder: folder)
        #expect(try files(directory) == ["epoch=1.safetensors", "epoch=2.safetensors"])
        #expect(checkpoint.bestKModels.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["epoch=1.safetensors", "epoch=2.safetensors"])
    }

    @Test func withoutAMonitorTheLatestReplacesThePrevious() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let directory = folder.appendingPathComponent("checkpoints")
        _ = try run([1, 1, 1], ModelCheckpoint(directory: directory), folder: folder)
        #expect(try files(directory) == ["epoch=2-step=3.safetensors"])
    }

    @Test func theDefaultCheckpointGoesIntoTheLogVersionFolder() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let trainer = Trainer(maxEpochs: 2, rootDirectory: folder, enableProgressBar: false)
        var announced: Set<String> = []
        trainer.willWrite = { url in announced.insert(String(url.path.dropFirst(folder.path.count + 1))) }
        try trainer.fit(TinyGAN(), datamodule: TinyData(train: tinyDataset(count: 8), batchSize: 4))
        #expect(try files(folder.appendingPathComponent("lightning_logs/version_0/checkpoints")) == ["epoch=1-step=8.safetensors"])
        // Every file written was announced first (the one of epoch 0 was replaced by epoch 1's).
        #expect(announced == ["lightning_logs/version_0/hparams.yaml", "lightning_logs/version_0/metrics.csv",
                              "lightning_logs/version_0/checkpoints/epoch=0-step=4.safetensors",
                              "lightning_logs/version_0/checkpoints/epoch=1-step=8.safetensors"])
    }

    @Test func anOptimizerOverParametersOutsideTheModelsCannotBeCheckpointed() throws {
        final class Hidden: LightningModule {
            let weight = Tensor.zeros([1]).requiringGrad()
            override func configureOptimizers() -> [any Optimizer] { [SGD([weight], lr: 0.1)] }
            override func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? { (weight * weight).sum() + 1 }
        }
        let folder = try makeTestFolder("lightning-style-tests")
        let trainer = Trainer(maxEpochs: 1, logger: false, rootDirectory: folder, enableProgressBar: false)
        #expect(throws: LightningError.self) { try trainer.fit(Hidden(), datamodule: TinyData(train: tinyDataset(count: 4), batchSize: 4)) }
    }

    @Test func aMonitoredMetricNobodyLoggedIsAnErrorNamingWhatWasLogged() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let checkpoint = ModelCheckpoint(directory: folder, monitor: "val_loss")
        #expect(throws: LightningError.missingMetric(monitor: "val_loss", callback: "ModelCheckpoint", available: ["score"])) {
            _ = try run([1], checkpoint, folder: folder)
        }
    }
}

@Suite struct EarlyStoppingTests {
    @Test func itStopsAfterPatienceEpochsWithoutAnImprovementBeyondMinDelta() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let stopping = EarlyStopping(monitor: "score", minDelta: 0.05, patience: 2, mode: .min)
        let trainer = Trainer(maxEpochs: 10, callbacks: [stopping], logger: false, rootDirectory: folder, enableProgressBar: false,
                              enableCheckpointing: false)
        // Best 3, then 2; 2.5 is worse, 2.1 is better but not by more than 0.05: two bad epochs, stop after epoch 3.
        try trainer.fit(ScriptedMetric("score", [3, 2, 2.5, 2.1, 1, 1, 1]), datamodule: TinyData(train: tinyDataset(count: 4), batchSize: 4))
        #expect(stopping.stoppedEpoch == 3 && trainer.currentEpoch == 4 && stopping.bestScore == 2 && stopping.waitCount == 2)
    }

    @Test func maxModeAndANonFiniteValueStopAtOnce() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let stopping = EarlyStopping(monitor: "score", patience: 5, mode: .max)
        let trainer = Trainer(maxEpochs: 10, callbacks: [stopping], logger: false, rootDirectory: folder, enableProgressBar: false,
                              enableCheckpointing: false)
        try trainer.fit(ScriptedMetric("score", [1, 2, .nan]), datamodule: TinyData(train: tinyDataset(count: 4), batchSize: 4))
        #expect(stopping.stoppedEpoch == 2 && stopping.bestScore == 2)
        #expect(stopping.improves(2.5) && !stopping.improves(2))
    }
}
