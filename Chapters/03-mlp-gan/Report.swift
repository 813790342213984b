import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation

/// The quality figures of several sets of images, one row each.
func qualityTable(_ rows: [(String, SampleQuality)]) -> String {
    var table = TextTable(columns: ["images", "classifier FID", "coverage entropy", "rarest class", "classes < 2%", "class shares"])
    for (name, quality) in rows {
        table.addRow([name, quality.frechetDistance.formatted(significantDigits: 3),
                      quality.coverage.normalizedEntropy.formatted(significantDigits: 3),
                      percent(quality.coverage.shares.min() ?? 0), "\(quality.coverage.starvedClasses.count)",
                      quality.coverage.histogramDescription])
    }
    return table.description
}

/// The run's summary in Markdown: data, recipe, time, final losses, the quality table and the remedy's verdict.
func runSummary(dataset: ImageDataset, steps: Int, epochs: Int, seconds: Double, rows: [(String, SampleQuality)],
                log: CSVTable, realLabel: Double, verdict: String, remedyVerdict: String?) -> String {
    let last = log.rows.suffix(max(1, log.rows.count / 10))
    func average(_ column: Int) -> String {
        last.isEmpty ? "-" : (last.map { $0[column] }.reduce(0, +) / Double(last.count)).formatted(significantDigits: 3)
    }
    var lines = [
        "# Chapter 3: vanilla MLP GAN, run summary",
        "",
        "- Data: \(dataset.count) training images, \(dataset.source)",
        "- Recipe: G 100→256→512→1024→784 (LeakyReLU 0.2, Tanh), D 784→512→256→128→1 (LeakyReLU 0.2, Dropout 0.3, Sigmoid), "
            + "N(0, 0.02) weights, BCE, AdamW lr 2e-4 betas (0.5, 0.999) weight decay 1e-5, real label \(realLabel.formatted(significantDigits: 2))",
        "- Trained: \(steps) steps, \(epochs) epochs\(seconds > 0 ? ", \(seconds.formatted(significantDigits: 3)) s of training in this run" : "")",
        "- Last 10% of steps, averages: D loss \(average(2)), G loss \(average(3)), D(x) \(average(4)), D(G(z)) \(average(5))",
        "",
        "| images | classifier FID | coverage entropy | rarest class | classes < 2% |",
        "|---|---:|---:|---:|---|",
    ]
    for (name, quality) in rows {
        lines.append("| \(name) | \(quality.frechetDistance.formatted(significantDigits: 3)) | "
                     + "\(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)) | "
                     + "\(percent(quality.coverage.shares.min() ?? 0)) | \(quality.coverage.starvedClasses.count) |")
    }
    lines += ["", "Lower FID is better (0 = the training images' own statistics; held-out real images show how close a perfect generator would come); entropy 1 = all classes equally often; "
              + "a class under 2% of the samples flags mode collapse once the generator is trained.", "", verdict]
    if let remedyVerdict { lines += ["", remedyVerdict.replacingOccurrences(of: "\n  ", with: "\n- ")] }
    return lines.joined(separator: "\n") + "\n"
}

/// One sentence on the final samples: untrained, collapsed (naming the starved classes) or covering every class.
func verdictSentence(_ verdict: SampleVerdict, quality: SampleQuality, classNames: [String], step: Int) -> String {
    switch verdict {
    case .untrained:
        return "After \(step) steps the generator is still untrained: its samples (FID \(quality.frechetDistance.formatted(significantDigits: 3))) "
            + "have not come half-way from its before-training samples to real images, so their class shares say nothing yet about mode collapse."
    case .collapsed(let starved):
        return "Mode collapse: classes \(starved.map { classNames[$0] }.joined(separator: ", ")) each get under 2% of the samples."
    case .covering:
        return "Every class gets at least 2% of the samples: no mode collapse."
    }
}
