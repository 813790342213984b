import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import NeuralNetworks
import TensorCore

/// What one training run is asked to do.
struct RunSettings {
    var totalSteps: Int
    var batchSize: Int
    /// The discriminator's target for real images (1, or 0.9 with one-sided label smoothing).
    var realLabel: Double
    var seed: UInt64
    /// Shown before the progress line, e.g. "training".
    var label: String
    /// Judge the generator (FID, coverage) after every epoch, into `RunRecord.quality`.
    var judgeEachEpoch: Bool
    /// Print each epoch's judgement under the progress line.
    var printEachEpoch: Bool
    /// How many generated images the judge looks at (as many as the real images it is compared with).
    var judgeCount: Int
    /// Where to write per-epoch grids and the training checkpoint; nil for a side run that keeps only its figures.
    var output: OutputFolder?
    /// When set, a moving average of G's weights with this decay is kept and judged each epoch too.
    var averagingDecay: Double?
    /// The judged real images and the generator before training, to read each epoch's figures against.
    var scale: (real: SampleQuality, untrained: SampleQuality)?
}

/// What a run leaves behind for the figures and the summary.
struct RunRecord {
    var log = CSVTable(header: ["step", "epoch", "d_loss", "g_loss", "d_real", "d_fake"])
    var quality = CSVTable(header: ["epoch", "step", "fid", "entropy", "min_class_share"])
    /// The same figures for the weight-averaged generator, when the run keeps one.
    var averagedQuality = CSVTable(header: ["epoch", "step", "fid", "entropy", "min_class_share"])
    /// The fixed-noise samples after each epoch, `[64, 1, 28, 28]`.
    var snapshots: [(epoch: Int, images: Tensor)] = []
    var seconds = 0.0

    /// The mean classifier FID and coverage entropy over the last `epochs` judged epochs (fewer if the run
    /// judged fewer), or nil if it judged none. GAN samples change from epoch to epoch, so one epoch's
    /// figures are a noisy measure of a recipe; an average over the end of the run is a steadier one.
    func lateAverage(epochs: Int = 10, averaged: Bool = false) -> (fid: Double, entropy: Double, epochs: Int)? {
        let rows = (averaged ? averagedQuality : quality).rows.suffix(epochs)
        guard !rows.isEmpty else { return nil }
        let n = Double(rows.count)
        return (rows.map { $0[2] }.reduce(0, +) / n, rows.map { $0[3] }.reduce(0, +) / n, rows.count)
    }

    /// The mean of the training log's `column` over the last 10% of steps (at least one).
    func lateMean(_ column: String) -> Double {
        guard let index = log.header.firstIndex(of: column), !log.rows.isEmpty else { return .nan }
        let rows = log.rows.suffix(max(1, log.rows.count / 10))
        return rows.map { $0[index] }.reduce(0, +) / Double(rows.count)
    }

    /// The history a checkpoint carries, cut back to the step it was saved at, for a resumed run to continue.
    init(continuing history: [String: CSVTable], atStep step: Int) {
        if let log = history["training_log"] { self.log = log.rows(upTo: Double(step), in: "step") }
        if let quality = history["quality"] { self.quality = quality.rows(upTo: Double(step), in: "step") }
    }

    init() {}

    /// What a checkpoint saves so that a resumed run continues the CSV files and curves.
    var checkpointHistory: [String: CSVTable] { ["training_log": log, "quality": quality] }
}

/// Trains `gan` on `dataset` until `settings.totalSteps`, one epoch at a time, calling `trainingStep` (main.swift).
/// After each epoch: the fixed-noise grid, the quality figures (if asked) and a training checkpoint.
/// A resumed run passes the checkpoint's history as `continuing`; its log and quality tables grow from there.
func train(_ gan: GAN, on dataset: ImageDataset, _ settings: RunSettings, fixedNoise: Tensor, judge: QualityJudge?,
           continuing history: RunRecord = RunRecord()) throws -> RunRecord {
    var record = history
    let averaged = settings.averagingDecay.map { WeightAverage(of: gan.generator, decay: $0) }
    let stopwatch = Stopwatch()
    let progress = ProgressReporter(total: settings.totalSteps, label: settings.label, startStep: gan.step)
    let stepsAtStart = gan.step
    while gan.step < settings.totalSteps {
        gan.epoch += 1
        var loader = DataLoader(dataset, batchSize: settings.batchSize, seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 1))
        precondition(loader.count > 0, "train: a batch of \(settings.batchSize) is larger than the \(dataset.count) training images")
        var noise = SeededGenerator(seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 2))
        var dropoutSeeds = SeededGenerator(seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 3))
        for case let dropout as Dropout in gan.discriminator.layers { dropout.generator = dropoutSeeds.split() }
        for batch in loader.epoch() where gan.step < settings.totalSteps {
            let m = trainingStep(gan, real: batch.images, noise: &noise, realLabel: settings.realLabel)
            gan.step += 1
            averaged?.update(from: gan.generator)
            record.log.append([Double(gan.step), Double(gan.epoch), m.dLoss, m.gLoss, m.dReal, m.dFake])
            progress.update(step: gan.step, metrics: ["epoch": Double(gan.step) / Double(max(loader.count, 1)), "D loss": m.dLoss, "G loss": m.gLoss,
                                                      "D(x)": m.dReal, "D(G(z))": m.dFake])
        }
        let snapshot = gan.sample(fixedNoise)
        record.snapshots.append((gan.epoch, snapshot))
        if let judge, settings.judgeEachEpoch {
            let quality = judge.judge(gan.sample(settings.judgeCount, seed: settings.seed &+ 7))
            record.quality.append([Double(gan.epoch), Double(gan.step), quality.frechetDistance,
                                   quality.coverage.normalizedEntropy, quality.coverage.shares.min() ?? 0])
            if let averaged {
                let smooth = judge.judge(averaged.sample(settings.judgeCount, seed: settings.seed &+ 7))
                record.averagedQuality.append([Double(gan.epoch), Double(gan.step), smooth.frechetDistance,
                                               smooth.coverage.normalizedEntropy, smooth.coverage.shares.min() ?? 0])
            }
            if settings.printEachEpoch {
                progress.finish()
                print("  epoch \(gan.epoch) (step \(gan.step)): classifier FID \(quality.frechetDistance.formatted(significantDigits: 3)), "
                      + "coverage entropy \(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)), "
                      + "rarest class \(percent(quality.coverage.shares.min() ?? 0))" + marker(quality, settings.scale))
                fflush(nil)  // all output streams: keep a redirected log up to date
            }
        }
        if let output = settings.output {
            let name = epochGridName(gan.epoch)
            try saveImageGrid(snapshot, to: output.file(name), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
            output.record(name)
            try gan.save(to: output.file(TrainingSetup.checkpointName),
                         metadata: ["seed": String(settings.seed), "real_label": String(settings.realLabel)],
                         history: record.checkpointHistory)
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

/// "  (still untrained)" or "  ← mode collapse" after an epoch's figures, or nothing when every class is covered.
private func marker(_ quality: SampleQuality, _ scale: (real: SampleQuality, untrained: SampleQuality)?) -> String {
    guard let scale else { return "" }
    switch quality.verdict(real: scale.real, untrained: scale.untrained) {
    case .untrained: return "  (still untrained)"
    case .collapsed: return "  ← mode collapse"
    case .covering: return ""
    }
}
