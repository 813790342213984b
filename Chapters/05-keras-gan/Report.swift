import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation

/// The quality figures of several sets of images, one row each.
func qualityTable(_ rows: [(String, SampleQuality)]) -> String {
    var table = TextTable(columns: ["images", "classifier FID", "coverage entropy", "rarest class", "class shares"])
    for (name, quality) in rows {
        table.addRow([name, quality.frechetDistance.formatted(significantDigits: 3),
                      quality.coverage.normalizedEntropy.formatted(significantDigits: 3),
                      percent(quality.coverage.shares.min() ?? 0), quality.coverage.histogramDescription])
    }
    return table.description
}

/// The run's summary in Markdown: data, recipe, time, late averages, quality, and the lessons' measured findings.
func runSummary(dataset: ImageDataset, steps: Int, epochs: Int, record: RunRecord, rows: [(String, SampleQuality)], findings: [String]) -> String {
    func late(_ column: String) -> String { record.lateMean(record.log, column).formatted(significantDigits: 3) }
    var lines = [
        "# Chapter 5: the Keras-style frozen-discriminator GAN, run summary",
        "",
        "- Data: \(dataset.count) training images, \(dataset.source)",
        "- Recipe: G 100→128→256→512→784 (LeakyReLU 0.2, BatchNormalization momentum 0.8, tanh), D 784→512→256→128→1 "
            + "(LeakyReLU 0.2, sigmoid), RandomNormal(0.02) first kernels, Keras defaults elsewhere; binary cross-entropy, "
            + "Adam(2e-4, β₁ 0.5, ε 1e-7) for D and for the combined model; real label 0.9; batch 64",
        "- Trained: \(steps) steps, \(epochs) epochs\(record.seconds > 0 ? ", \(record.seconds.formatted(significantDigits: 3)) s of training in this run" : "")",
        "- Last 20% of steps, averages: D loss \(late("d_loss")), G loss \(late("g_loss")), "
            + "D accuracy on real \(late("d_accuracy_real")), on fake \(late("d_accuracy_fake"))",
        "",
        "| images | classifier FID | coverage entropy | rarest class |",
        "|---|---:|---:|---:|",
    ]
    for (name, quality) in rows {
        lines.append("| \(name) | \(quality.frechetDistance.formatted(significantDigits: 3)) | "
                     + "\(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)) | \(percent(quality.coverage.shares.min() ?? 0)) |")
    }
    lines += ["", "Lower FID is better; entropy 1 = all classes equally often.", ""]
    lines += findings.map { "- " + $0 }
    return lines.joined(separator: "\n") + "\n"
}
