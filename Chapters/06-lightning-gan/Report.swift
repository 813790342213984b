import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import LightningStyle
import TensorCore

/// How a generator's outputs become pixels in [-1, 1] for grids and the judge.
enum MapToPixels {
    /// The tutorial's space: x · std + mean is a pixel in [0, 1] (clipped), then scaled to [-1, 1].
    case standardized(mean: Float, std: Float)

    func apply(_ images: Tensor) -> Tensor {
        switch self {
        case .standardized(let mean, let std):
            return Tensor(images.scalars.map { min(1, max(0, $0 * std + mean)) * 2 - 1 }, shape: images.shape)
        }
    }
}

/// The losses per step and per epoch, read back from the CSV logger's rows.
func writeCurves(from log: CSVLogger, to output: OutputFolder) throws {
    var chart = LineChart(title: "Losses logged by the LightningModule (metrics.csv)", xLabel: "trainer.globalStep (optimizer steps)", yLabel: "BCE")
    for column in ["g_loss_step", "d_loss_step", "g_loss_epoch", "d_loss_epoch"] {
        let (steps, values) = log.series(column)
        if !steps.isEmpty { chart.addSeries(column, x: steps, y: values) }
    }
    guard !chart.series.isEmpty else { return }
    try chart.writePNG(to: output.file("losses.png"))
    output.record("losses.png")
}

/// One judged set of images: its name, its figures, and (for generated ones) the verdict.
struct QualityRow {
    var name: String
    var quality: SampleQuality
    var verdict: SampleVerdict?

    /// "untrained", "mode collapse", "covers all classes", or "-" for a reference row.
    var verdictText: String {
        switch verdict {
        case nil: return "-"
        case .untrained: return "untrained"
        case .collapsed: return "mode collapse"
        case .covering: return "covers all classes"
        }
    }
}

/// The quality figures of several sets of images, one row each.
func qualityTable(_ rows: [QualityRow]) -> String {
    var table = TextTable(columns: ["images", "classifier FID", "coverage entropy", "rarest class", "verdict"])
    for row in rows {
        table.addRow([row.name, row.quality.frechetDistance.formatted(significantDigits: 3),
                      row.quality.coverage.normalizedEntropy.formatted(significantDigits: 3),
                      percent(row.quality.coverage.shares.min() ?? 0), row.verdictText])
    }
    return table.description
}

/// The run's summary in Markdown.
func runSummary(data: MNISTDataModule, trainer: Trainer, style: TrainingStyle, rows: [QualityRow], verdict: String?) -> String {
    let metrics = trainer.callbackMetrics
    func metric(_ name: String) -> String { metrics[name].map { $0.formatted(significantDigits: 3) } ?? "-" }
    var lines = [
        "# Chapter 6: Lightning-style GAN, run summary",
        "",
        "- Data: \(data.train!.count) training / \(data.validation!.count) validation images (seeded random split), \(data.full.source)",
        "- Recipe: the Lightning tutorial's CNN D and transposed-conv G (no output activation), images normalised with MNIST's "
            + "mean/std, BCE, Adam lr 2e-4 default betas, batch \(data.batchSize), \(style.rawValue) optimisation",
        "- Trained: \(trainer.globalStep / 2) batches (\(trainer.globalStep) optimizer steps), epoch \(trainer.currentEpoch) reached, "
            + "\(trainer.fitSeconds.formatted(significantDigits: 3)) s in this run",
        "- Last epoch's averages (weighted by batch size): D loss \(metric("d_loss_epoch")), G loss \(metric("g_loss_epoch")); "
            + "D on validation images \(metric("val_d_real"))",
        "- Logs: \(trainer.logger.map { $0.directory.path } ?? "-")",
        "",
        "| images | classifier FID | coverage entropy | rarest class | verdict |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows {
        lines.append("| \(row.name) | \(row.quality.frechetDistance.formatted(significantDigits: 3)) | "
                     + "\(row.quality.coverage.normalizedEntropy.formatted(significantDigits: 3)) | "
                     + "\(percent(row.quality.coverage.shares.min() ?? 0)) | \(row.verdictText) |")
    }
    if let verdict { lines += ["", verdict] }
    return lines.joined(separator: "\n") + "\n"
}
