import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import TensorCore

/// What one training run is asked to do.
struct RunSettings {
    var totalSteps: Int
    var batchSize: Int
    /// D's target for real images: 0.9 in the tutorial (one-sided label smoothing).
    var realLabel: Double
    var seed: UInt64
    /// Shown before the progress line.
    var label: String
    /// D trains on fakes made with batch statistics (the combined step's mode) instead of `predictOnBatch`'s.
    var fakesInTrainingMode: Bool
    /// Judge the generator after every epoch (FID, coverage).
    var judgeEachEpoch: Bool
    /// Print each epoch's judgement.
    var printEachEpoch: Bool
    /// How many generated images the judge looks at.
    var judgeCount: Int
    /// Where per-epoch grids and the checkpoint go; nil for a side run.
    var output: OutputFolder?
}

/// What a run leaves behind for the figures and the summary.
struct RunRecord {
    var log = CSVTable(header: ["step", "epoch", "d_loss", "d_loss_real", "d_loss_fake", "g_loss", "d_accuracy_real", "d_accuracy_fake"])
    var quality = CSVTable(header: ["epoch", "step", "fid", "entropy", "min_class_share"])
    /// The two BatchNormalization modes side by side, a few times per epoch: the mean absolute pixel difference
    /// between G's inference-mode and training-mode images of the same noise, and D's mean verdict on each.
    var modeGap = CSVTable(header: ["step", "pixel_gap", "d_on_inference_mode", "d_on_training_mode"])
    var snapshots: [(epoch: Int, images: Tensor)] = []
    var seconds = 0.0

    /// The history a checkpoint carries, cut back to the step it was saved at, for a resumed run to continue.
    init(continuing history: [String: CSVTable], atStep step: Int) {
        if let log = history["training_log"] { self.log = log.rows(upTo: Double(step), in: "step") }
        if let quality = history["quality"] { self.quality = quality.rows(upTo: Double(step), in: "step") }
        if let modeGap = history["batchnorm_modes"] { self.modeGap = modeGap.rows(upTo: Double(step), in: "step") }
    }

    init() {}

    /// What a checkpoint saves so that a resumed run continues the CSV files and curves.
    var checkpointHistory: [String: CSVTable] { ["training_log": log, "quality": quality, "batchnorm_modes": modeGap] }

    /// The mean of `column` of `table` over its last `share` of rows.
    func lateMean(_ table: CSVTable, _ column: String, share: Double = 0.2) -> Double {
        mean(table, column, rows: table.rows.suffix(max(1, Int(Double(table.rows.count) * share))))
    }

    /// The mean of `column` of `table` over its first `share` of rows.
    func earlyMean(_ table: CSVTable, _ column: String, share: Double = 0.1) -> Double {
        mean(table, column, rows: table.rows.prefix(max(1, Int(Double(table.rows.count) * share))))
    }

    private func mean(_ table: CSVTable, _ column: String, rows: ArraySlice<[Double]>) -> Double {
        guard let index = table.header.firstIndex(of: column), !rows.isEmpty else { return .nan }
        return rows.map { $0[index] }.reduce(0, +) / Double(rows.count)
    }
}

/// Trains `gan` until `settings.totalSteps`, an epoch at a time. After each epoch: the fixed-noise grid,
/// the quality figures (if asked) and a training checkpoint. A resumed run passes the checkpoint's history as
/// `continuing`; its tables grow from there.
func train(_ gan: KerasGAN, on dataset: ImageDataset, _ settings: RunSettings, fixedNoise: Tensor, judge: QualityJudge?,
           continuing history: RunRecord = RunRecord()) throws -> RunRecord {
    var record = history
    let stopwatch = Stopwatch()
    let progress = ProgressReporter(total: settings.totalSteps, label: settings.label)
    let stepsAtStart = gan.step
    let gapEvery = max(1, settings.totalSteps / 100)
    while gan.step < settings.totalSteps {
        gan.epoch += 1
        var loader = DataLoader(dataset, batchSize: settings.batchSize, seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 1))
        var noise = SeededGenerator(seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 2))
        for batch in loader.epoch() where gan.step < settings.totalSteps {
            let real = batch.images.reshape([settings.batchSize, imageDim])
            let z = Tensor.randn([settings.batchSize, latentDim], using: &noise)
            let m = try gan.trainStep(real: real, noise: z, realLabel: settings.realLabel, fakesInTrainingMode: settings.fakesInTrainingMode)
            gan.step += 1
            record.log.append([Double(gan.step), Double(gan.epoch), m.dLoss, m.dLossReal, m.dLossFake, m.gLoss, m.dAccuracyReal, m.dAccuracyFake])
            if gan.step % gapEvery == 0 { record.modeGap.append(measureModeGap(gan, noise: z)) }
            progress.update(step: gan.step, metrics: ["epoch": Double(gan.step) / Double(max(loader.count, 1)), "D loss": m.dLoss,
                                                      "G loss": m.gLoss, "D acc real": m.dAccuracyReal, "D acc fake": m.dAccuracyFake])
        }
        let snapshot = gan.sample(fixedNoise)
        record.snapshots.append((gan.epoch, snapshot))
        if let judge, settings.judgeEachEpoch {
            let quality = judge.judge(gan.sample(settings.judgeCount, seed: settings.seed &+ 7))
            record.quality.append([Double(gan.epoch), Double(gan.step), quality.frechetDistance,
                                   quality.coverage.normalizedEntropy, quality.coverage.shares.min() ?? 0])
            if settings.printEachEpoch {
                progress.finish()
                print("  epoch \(gan.epoch) (step \(gan.step)): classifier FID \(quality.frechetDistance.formatted(significantDigits: 3)), "
                      + "coverage entropy \(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)), "
                      + "rarest class \(percent(quality.coverage.shares.min() ?? 0))")
                fflush(nil)
            }
        }
        if let output = settings.output {
            let name = epochGridName(gan.epoch)
            try saveImageGrid(snapshot, to: output.file(name), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
            output.record(name)
            try gan.save(to: output.file(TrainingSetup.checkpointName),
                         metadata: ["seed": String(settings.seed), "real_label": String(settings.realLabel)], history: record.checkpointHistory)
            output.record(TrainingSetup.checkpointName)
        }
    }
    progress.finish()
    record.seconds = stopwatch.elapsed
    if gan.step > stepsAtStart {
        print("\(settings.label): \(gan.step - stepsAtStart) steps in \(record.seconds.formatted(significantDigits: 3)) s "
              + "(\((Double(gan.step - stepsAtStart) / max(record.seconds, 1e-9)).formatted(significantDigits: 3)) steps/s)")
    }
    return record
}

/// G's images of the same noise in both BatchNormalization modes, and D's verdicts on each (nothing is updated).
func measureModeGap(_ gan: KerasGAN, noise z: Tensor) -> [Double] {
    let inference = gan.generator.predictOnBatch(z)
    let training = gan.generatorOutputWithBatchStatistics(z)
    let gap = zip(inference.doubles, training.doubles).map { abs($0 - $1) }.reduce(0, +) / Double(inference.count)
    let onInference = gan.discriminator.predictOnBatch(inference).doubles, onTraining = gan.discriminator.predictOnBatch(training).doubles
    return [Double(gan.step), gap, onInference.reduce(0, +) / Double(onInference.count), onTraining.reduce(0, +) / Double(onTraining.count)]
}
