import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation

/// The quality figures of several sets of images, one row each.
func qualityTable(_ rows: [(String, SampleQuality)]) -> String {
    var table = TextTable(columns: ["images", "classifier FID", "coverage entropy", "rarest class", "collapse", "class shares"])
    for (name, quality) in rows {
        table.addRow([name, quality.frechetDistance.formatted(significantDigits: 3),
                      quality.coverage.normalizedEntropy.formatted(significantDigits: 3),
                      percent(quality.coverage.shares.min() ?? 0), quality.coverage.isCollapsed ? "YES" : "no",
                      quality.coverage.histogramDescription])
    }
    return table.description
}

/// The run's summary in Markdown: data, recipe, time, final losses, the quality table and the remedy's verdict.
func runSummary(dataset: ImageDataset, steps: Int, epochs: Int, seconds: Double, rows: [(String, SampleQuality)],
                log: CSVTable, realLabel: Double, remedyVerdict: String?) -> String {
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
        "| images | classifier FID | coverage entropy | rarest class | collapse |",
        "|---|---:|---:|---:|---|",
    ]
    for (name, quality) in rows {
        lines.append("| \(name) | \(quality.frechetDistance.formatted(significantDigits: 3)) | "
                     + "\(quality.coverage.normalizedEntropy.formatted(significantDigits: 3)) | "
                     + "\(percent(quality.coverage.shares.min() ?? 0)) | \(quality.coverage.isCollapsed ? "YES" : "no") |")
    }
    lines += ["", "Lower FID is better (0 = the training images' own statistics; held-out real images show how close a perfect generator would come); entropy 1 = all classes equally often; "
              + "a class under 2% of the samples flags mode collapse."]
    if let remedyVerdict { lines += ["", remedyVerdict.replacingOccurrences(of: "\n  ", with: "\n- ")] }
    return lines.joined(separator: "\n") + "\n"
}

/// What one-sided label smoothing changed, computed from the two runs' figures: first averaged over each
/// run's last epochs (the steadier measure), then for the final samples alone.
func remedyVerdict(plain: SampleQuality, smoothed: SampleQuality,
                   plainLate: (fid: Double, entropy: Double, epochs: Int)?,
                   smoothedLate: (fid: Double, entropy: Double, epochs: Int)?) -> String {
    func change(_ name: String, _ before: Double, _ after: Double, lowerIsBetter: Bool) -> String {
        let (from, to) = (before.formatted(significantDigits: 3), after.formatted(significantDigits: 3))
        let better = lowerIsBetter ? after < before : after > before
        return "\(name) \(from) → \(to) (\(from == to ? "about the same" : better ? "better" : "worse"))"
    }
    let starved = { (q: SampleQuality) in "\(q.coverage.starvedClasses.count) starved class\(q.coverage.starvedClasses.count == 1 ? "" : "es")" }
    var lines = ["Label smoothing 0.9 vs the plain recipe, same seed and steps:"]
    if let plainLate, let smoothedLate {
        lines.append("  averaged over the last \(min(plainLate.epochs, smoothedLate.epochs)) epochs: "
                     + change("classifier FID", plainLate.fid, smoothedLate.fid, lowerIsBetter: true) + "; "
                     + change("coverage entropy", plainLate.entropy, smoothedLate.entropy, lowerIsBetter: false) + ".")
    }
    lines.append("  final samples only: "
                 + change("classifier FID", plain.frechetDistance, smoothed.frechetDistance, lowerIsBetter: true) + "; "
                 + change("coverage entropy", plain.coverage.normalizedEntropy, smoothed.coverage.normalizedEntropy, lowerIsBetter: false) + "; "
                 + "\(starved(plain)) → \(starved(smoothed)).")
    return lines.joined(separator: "\n")
}
