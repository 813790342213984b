import Datasets
import Foundation
@testable import LightningStyle
import NeuralNetworks
import TestFolders
import Testing
import TensorCore

/// Logs, at every batch, the batch index as `index` (both step and epoch) and the batch size as `size` (epoch only).
private final class IndexLogger: LightningModule {
    let weight = Tensor.zeros([1]).requiringGrad()
    override func configureOptimizers() -> [any Optimizer] { [SGD([weight], lr: 0.1)] }
    override func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? {
        log("index", Double(batchIndex), onStep: true, onEpoch: true, progressBar: true)
        log("size", Double(batch.images.shape[0]), onStep: false, onEpoch: true)
        log("plain", 1)
        return (weight * weight).sum()
    }
    override func validationStep(_ batch: Batch, batchIndex: Int) { log("val_index", Double(batchIndex)) }
}

@Suite struct LoggingTests {
    @Test func epochValuesAreMeansWeightedByBatchSize() {
        var metrics = EpochMetrics()
        metrics.add("loss", 0, batchSize: 4)
        metrics.add("loss", 1, batchSize: 4)
        metrics.add("loss", 2, batchSize: 2)
        #expect(metrics.value("loss") == 0.8)  // (4·0 + 4·1 + 2·2) / 10, not the plain mean 1
        #expect(metrics.value("other") == nil)
    }

    @Test func theTrainerNamesAndReducesStepAndEpochValuesAsLightningDoes() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        // 10 images in batches of 4, 4 and 2; validation 6 images in batches of 4 and 2.
        let data = TinyData(train: tinyDataset(count: 10), validation: tinyDataset(count: 6, seed: 2), batchSize: 4)
        let trainer = Trainer(maxEpochs: 1, rootDirectory: folder, logEveryNSteps: 1, enableProgressBar: false, enableCheckpointing: false)
        try trainer.fit(IndexLogger(), datamodule: data)
        let metrics = trainer.callbackMetrics
        #expect(metrics["index_step"] == 2)          // the last step's value
        #expect(metrics["index_epoch"] == 0.8)       // weighted by batch size
        #expect(metrics["size"] == 3.6)              // (4·4 + 4·4 + 2·2) / 10
        #expect(metrics["plain"] == 1)               // training default: on step only, under its own name
        #expect(metrics["plain_epoch"] == nil && metrics["index"] == nil)
        let validationValue: Double = 2.0 / 6  // (4·0 + 2·1) / 6: validation default, on epoch only
        #expect(metrics["val_index"] == validationValue)
        #expect(trainer.progressBarMetrics.map(\.name) == ["index_step", "index_epoch"])

        // metrics.csv: three step rows, then one epoch row with the epoch values.
        let csv = try String(contentsOf: trainer.logger!.directory.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "epoch,step,index_step,plain,val_index,index_epoch,size")
        #expect(lines[1] == "0,1,0,1,,,")
        #expect(lines[3] == "0,3,2,1,,,")
        #expect(lines[4] == "0,3,,,0.3333333333333333,0.8,3.6")
        #expect(lines.count == 5)
    }

    @Test func stepRowsAreWrittenEveryNSteps() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let trainer = Trainer(maxEpochs: 2, rootDirectory: folder, logEveryNSteps: 2, enableProgressBar: false, enableCheckpointing: false)
        try trainer.fit(IndexLogger(), datamodule: TinyData(train: tinyDataset(count: 12), batchSize: 4))
        let stepRows = trainer.logger!.rows.filter { $0["index_step"] != nil }
        #expect(stepRows.map { $0["step"]! } == [2, 4, 6])  // batches 2, 4 and 6 of the run (3 per epoch)
    }

    @Test func hyperparametersKeepTheirOrderAndWriteYAML() {
        var hparams = Hyperparameters()
        hparams["latent_dim"] = "100"
        hparams["lr"] = "0.0002"
        hparams["latent_dim"] = "64"
        #expect(hparams.yaml == "latent_dim: 64\nlr: 0.0002\n")
        #expect(hparams.double("lr") == 0.0002 && hparams.int("latent_dim") == 64 && hparams["b1"] == nil)
    }

    @Test func theProgressBarShowsEpochBatchesRateAndLoggedMetrics() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let trainer = Trainer(maxEpochs: 1, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        try trainer.fit(IndexLogger(), datamodule: TinyData(train: tinyDataset(count: 10), batchSize: 4))
        let line = ProgressBar(isTerminal: false).line(trainer)
        #expect(line.hasPrefix("Epoch 1: 0%|          | 0/3 ["), "\(line)")
        #expect(line.hasSuffix("it/s, v_num=0, index_step=2, index_epoch=0.8]"), "\(line)")
    }
}

@Suite struct CSVLoggerTests {
    @Test func everyRunGetsANewVersionFolderAndNeverWritesIntoAnother() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let logs = folder.appendingPathComponent("lightning_logs")
        try FileManager.default.createDirectory(at: logs.appendingPathComponent("version_3"), withIntermediateDirectories: true)
        try Data("someone else's\n".utf8).write(to: logs.appendingPathComponent("version_3/metrics.csv"))

        let first = Trainer(maxEpochs: 1, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        try first.fit(IndexLogger(), datamodule: TinyData(train: tinyDataset(count: 8), batchSize: 4))
        let second = Trainer(maxEpochs: 3, rootDirectory: folder, enableProgressBar: false, enableCheckpointing: false)
        try second.fit(IndexLogger(), datamodule: TinyData(train: tinyDataset(count: 8), batchSize: 4))
        #expect(first.logger!.version == 4 && second.logger!.version == 5)
        #expect(try String(contentsOf: logs.appendingPathComponent("version_3/metrics.csv"), encoding: .utf8) == "someone else's\n")
        func epochRows(_ version: Int) throws -> Int {
            let text = try String(contentsOf: logs.appendingPathComponent("version_\(version)/metrics.csv"), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().filter { !$0.hasSuffix(",") }.count
        }
        #expect(try epochRows(4) == 1 && epochRows(5) == 3)
        #expect(FileManager.default.fileExists(atPath: logs.appendingPathComponent("version_5/hparams.yaml").path))
    }

    @Test func twoLoggersOpenedTogetherTakeDifferentVersions() throws {
        let folder = try makeTestFolder("lightning-style-tests")
        let loggers = try (0..<3).map { _ in try CSVLogger(root: folder) }
        #expect(loggers.map(\.version) == [0, 1, 2])
    }
}

@Suite struct RandomSplitTests {
    @Test func aSeededSplitHasTheLengthsIsDisjointAndRepeats() throws {
        let dataset = tinyDataset(count: 120)
        // Tell images apart by their pixels (random, so distinct in practice).
        func keys(_ part: ImageDataset) -> [[UInt8]] { (0..<part.count).map { Array(part.pixels(of: $0)) } }
        let parts = try randomSplit(dataset, lengths: [110, 10], seed: 42)
        #expect(parts.map(\.count) == [110, 10])
        let train = Set(keys(parts[0])), validation = Set(keys(parts[1]))
        #expect(train.isDisjoint(with: validation))
        #expect(train.union(validation) == Set(keys(dataset)))
        #expect(keys(try randomSplit(dataset, lengths: [110, 10], seed: 42)[1]) == keys(parts[1]))
        #expect(keys(try randomSplit(dataset, lengths: [110, 10], seed: 43)[1]) != keys(parts[1]))
        #expect(keys(parts[1]) != keys(dataset.subset(Array(110..<120))))  // shuffled, not the last ten
    }

    @Test func fractionsRoundDownAndGiveTheRestToTheFirstParts() throws {
        let parts = try randomSplit(tinyDataset(count: 10), fractions: [0.55, 0.45], seed: 1)
        #expect(parts.map(\.count) == [6, 4])  // ⌊5.5⌋ = 5 and ⌊4.5⌋ = 4, one left over goes to the first
    }

    @Test func lengthsThatDoNotAddUpAreAnError() {
        #expect(throws: LightningError.self) { try randomSplit(tinyDataset(count: 10), lengths: [5, 4], seed: 1) }
        #expect(throws: LightningError.self) { try randomSplit(tinyDataset(count: 10), fractions: [0.5, 0.6], seed: 1) }
    }
}
