import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation

/// The quality figures of several sets of images, one row each, with the class shares named.
func qualityTable(_ rows: [(String, SampleQuality)], classNames: [String]) -> String {
    var table = TextTable(columns: ["images", "classifier FID", "coverage entropy", "rarest class", "collapse", "class shares"])
    for (name, quality) in rows {
        let shares = zip(classNames, quality.coverage.shares).map { "\($0.prefix(4)) \(Int(($1 * 100).rounded()))%" }.joined(separator: " ")
        table.addRow([name, fmt(quality.frechetDistance), fmt(quality.coverage.normalizedEntropy),
                      percent(quality.coverage.shares.min() ?? 0), quality.coverage.isCollapsed ? "YES" : "no", shares])
    }
    return table.description
}

/// The run's summary in Markdown: data, recipe, time, final losses, the quality table and the race's verdict.
func runSummary(dataset: ImageDataset, width w: Int, steps: Int, epochs: Int, seconds: Double, rows: [(String, SampleQuality)],
                log: CSVTable, verdict: String, raceVerdict: String?) -> String {
    let last = log.rows.suffix(max(1, log.rows.count / 10))
    func average(_ column: Int) -> String {
        last.isEmpty ? "-" : fmt(last.map { $0[column] }.reduce(0, +) / Double(last.count))
    }
    var lines = [
        "# Chapter 7: DCGAN on CIFAR-10, run summary",
        "",
        "- Data: \(dataset.count) training images, \(dataset.source)",
        "- Recipe (width \(w)): G z100 → ConvT \(4 * w)×4×4 → \(2 * w)×8×8 → \(w)×16×16 → 3×32×32 (BatchNorm + ReLU, Tanh), "
            + "D 3×32×32 → Conv \(w)×16×16 → \(2 * w)×8×8 → \(4 * w)×4×4 → 1 (BatchNorm except the input layer, LeakyReLU 0.2, Sigmoid), "
            + "weights N(0, 0.02), BatchNorm γ N(1, 0.02), BCE, Adam lr 2e-4 betas (0.5, 0.999)",
        "- Trained: \(steps) steps, \(epochs) epochs\(seconds > 0 ? ", \(fmt(seconds)) s of training in this run" : "")",
        "- Last 10% of this run's steps, averages: D loss \(average(2)), G loss \(average(3)), D(x) \(average(4)), D(G(z)) \(average(5))",
        "",
        "| images | classifier FID | coverage entropy | rarest class | collapse |",
        "|---|---:|---:|---:|---|",
    ]
    for (name, quality) in rows {
        lines.append("| \(name) | \(fmt(quality.frechetDistance)) | \(fmt(quality.coverage.normalizedEntropy)) | "
                     + "\(percent(quality.coverage.shares.min() ?? 0)) | \(quality.coverage.isCollapsed ? "YES" : "no") |")
    }
    lines += ["", "Lower FID is better (0 = the reference training images' own statistics); entropy 1 = all classes equally often; "
              + "a class under 2% of the samples flags mode collapse once the generator is trained.", "", verdict]
    if let raceVerdict { lines += ["", "Race against the notebook's DCGAN: " + raceVerdict] }
    return lines.joined(separator: "\n") + "\n"
}

/// One sentence on the final samples: untrained, collapsed (naming the starved classes) or covering every class.
func verdictSentence(_ verdict: SampleVerdict, quality: SampleQuality, classNames: [String], step: Int) -> String {
    switch verdict {
    case .untrained:
        return "After \(step) steps the generator is still untrained: its samples (FID \(fmt(quality.frechetDistance))) "
            + "have not come half-way from its before-training samples to real images, so their class shares say nothing yet about mode collapse."
    case .collapsed(let starved):
        return "Mode collapse: classes \(starved.map { classNames[$0] }.joined(separator: ", ")) each get under 2% of the samples."
    case .covering:
        return "Every class gets at least 2% of the samples: no mode collapse."
    }
}

/// "4 min 10 s", "1 h 05 min".
func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600) h \(String(format: "%02d", s / 60 % 60)) min" }
    if s >= 60 { return "\(s / 60) min \(String(format: "%02d", s % 60)) s" }
    return "\(s) s"
}

/// 1486352 → "1,486,352".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var result = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
        result.append(d)
    }
    return result
}
