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
    var seed: UInt64
    /// Shown before the progress line, e.g. "training".
    var label: String
    /// Judge the generator (FID, coverage) after every `judgeEveryEpochs`-th epoch and after the last one, and print
    /// it under the progress line; 0 never judges during training.
    var judgeEveryEpochs: Int
    /// How many generated images the judge looks at (as many as the real images it is compared with).
    var judgeCount: Int
    /// Where to write per-epoch grids and the training checkpoint.
    var output: OutputFolder
    /// The judge's scale: real images, and the generator before training (to say "still untrained").
    var scale: (real: SampleQuality, untrained: SampleQuality)
}

/// What a run leaves behind for the figures and the summary.
struct RunRecord {
    var log = CSVTable(header: ["step", "epoch", "d_loss", "g_loss", "d_real", "d_fake"])
    var quality = CSVTable(header: ["epoch", "step", "fid", "entropy", "min_class_share"])
    /// The fixed-noise samples after each epoch, `[64, 3, 32, 32]`.
    var snapshots: [(epoch: Int, images: Tensor)] = []
    /// The judge's verdict after the last epoch, or nil if this run did not judge there (judging off, nothing left to train).
    var finalQuality: SampleQuality?
    var seconds = 0.0
    var stepsRun = 0

    /// Training steps per second in this run (0 if none ran).
    var stepsPerSecond: Double { stepsRun > 0 ? Double(stepsRun) / max(seconds, 1e-9) : 0 }

    init() {}

    /// The history a checkpoint carries, cut back to the step it was saved at, for a resumed run to continue.
    init(continuing history: [String: CSVTable], atStep step: Int) {
        if let log = history["training_log"] { self.log = log.rows(upTo: Double(step), in: "step") }
        if let quality = history["quality"] { self.quality = quality.rows(upTo: Double(step), in: "step") }
    }

    /// What a checkpoint saves so that a resumed run continues the CSV files and curves.
    var checkpointHistory: [String: CSVTable] { ["training_log": log, "quality": quality] }
}

/// Trains `gan` on `dataset` until `settings.totalSteps`, one epoch at a time, calling `trainingStep` (main.swift).
/// After each epoch: the fixed-noise grid, a training checkpoint and, every few epochs, the quality figures.
/// A resumed run passes the checkpoint's history as `continuing`; its log and quality tables grow from there.
func train(_ gan: DCGAN, on dataset: ImageDataset, _ settings: RunSettings, fixedNoise: Tensor, judge: QualityJudge,
           continuing history: RunRecord = RunRecord()) throws -> RunRecord {
    var record = history
    let stopwatch = Stopwatch()
    let progress = ProgressReporter(total: settings.totalSteps, label: settings.label, startStep: gan.step)
    let stepsAtStart = gan.step
    while gan.step < settings.totalSteps {
        gan.epoch += 1
        var loader = DataLoader(dataset, batchSize: settings.batchSize, seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 1))
        var noise = SeededGenerator(seed: epochSeed(settings.seed, epoch: gan.epoch, stream: 2))
        for batch in loader.epoch() where gan.step < settings.totalSteps {
            let m = trainingStep(gan, real: batch.images, noise: &noise)
            gan.step += 1
            record.log.append([Double(gan.step), Double(gan.epoch), m.dLoss, m.gLoss, m.dReal, m.dFake])
            progress.update(step: gan.step, metrics: ["epoch": Double(gan.epoch), "D loss": m.dLoss, "G loss": m.gLoss,
                                                      "D(x)": m.dReal, "D(G(z))": m.dFake])
        }
        let snapshot = gan.sample(fixedNoise)
        record.snapshots.append((gan.epoch, snapshot))
        let lastEpoch = gan.step >= settings.totalSteps
        if settings.judgeEveryEpochs > 0 && (gan.epoch % settings.judgeEveryEpochs == 0 || lastEpoch) {
            let quality = judge.judge(gan.sample(settings.judgeCount, seed: settings.seed &+ 7))
            record.quality.append([Double(gan.epoch), Double(gan.step), quality.frechetDistance,
                                   quality.coverage.normalizedEntropy, quality.coverage.shares.min() ?? 0])
            if lastEpoch { record.finalQuality = quality }
            progress.finish()
            print("  epoch \(gan.epoch) (step \(gan.step)): classifier FID \(quality.frechetDistance.formatted(significantDigits: 3)), "
                  + "coverage entropy \(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)), "
                  + "rarest class \(percent(quality.coverage.shares.min() ?? 0))" + marker(quality, settings.scale))
            fflush(nil)  // all output streams: keep a redirected log up to date
        }
        let output = settings.output
        let name = epochGridName(gan.epoch)
        try saveImageGrid(snapshot, to: output.file(name), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
        output.record(name)
        try gan.save(to: output.file(TrainingSetup.checkpointName), metadata: ["seed": String(settings.seed), "batch-size": String(settings.batchSize)],
                     history: record.checkpointHistory)
        output.record(TrainingSetup.checkpointName)
    }
    progress.finish()
    record.seconds = stopwatch.elapsed
    record.stepsRun = gan.step - stepsAtStart
    if record.stepsRun > 0 {
        print("\(settings.label): \(record.stepsRun) steps in \(record.seconds.formatted(significantDigits: 3)) s "
              + "(\(record.stepsPerSecond.formatted(significantDigits: 3)) steps/s, epochs' grids, judging and checkpoints included)")
    }
    return record
}

/// "  (still untrained)" or "  ← mode collapse" after an epoch's figures, or nothing when every class is covered.
private func marker(_ quality: SampleQuality, _ scale: (real: SampleQuality, untrained: SampleQuality)) -> String {
    switch quality.verdict(real: scale.real, untrained: scale.untrained) {
    case .untrained: return "  (still untrained)"
    case .collapsed: return "  ← mode collapse"
    case .covering: return ""
    }
}
