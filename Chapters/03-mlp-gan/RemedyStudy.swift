import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import TensorCore

/// The remedy study: for each seed, the plain recipe (with a weight-averaged copy of G kept beside it) and
/// one-sided label smoothing, each judged by its mean classifier FID over its last ten epochs.
struct RemedyStudy {
    /// One seed's late-epoch averages for the three generators.
    struct SeedResult {
        let seed: UInt64
        let plain: (fid: Double, entropy: Double, epochs: Int)
        let smoothed: (fid: Double, entropy: Double, epochs: Int)
        let averaged: (fid: Double, entropy: Double, epochs: Int)
    }

    let results: [SeedResult]
    /// The first seed's runs, for the FID-per-epoch chart.
    let firstPlain: RunRecord
    let firstSmoothed: RunRecord
    let steps: Int

    /// One row per seed, then the mean and the spread (sample standard deviation) of each column.
    var table: String {
        var table = TextTable(columns: ["seed", "plain FID", "label 0.9 FID", "averaged-G FID",
                                        "plain entropy", "label 0.9 entropy", "averaged-G entropy"])
        func cells(_ r: SeedResult) -> [Double] {
            [r.plain.fid, r.smoothed.fid, r.averaged.fid, r.plain.entropy, r.smoothed.entropy, r.averaged.entropy]
        }
        for r in results { table.addRow(["\(r.seed)"] + cells(r).map { $0.formatted(significantDigits: 3) }) }
        let columns = (0..<6).map { c in results.map { cells($0)[c] } }
        table.addRow(["mean"] + columns.map { mean($0).formatted(significantDigits: 3) })
        table.addRow(["± spread"] + columns.map { spread($0).formatted(significantDigits: 2) })
        return "Mean over each run's last \(results.first?.plain.epochs ?? 0) epochs, \(steps) steps per run "
            + "(lower FID is better; entropy 1 = all classes equally often):\n" + table.description
    }

    /// What each remedy changed against the plain recipe, seed by seed, and the conclusion the numbers allow.
    var verdict: String {
        func change(_ name: String, _ value: (SeedResult) -> Double) -> String {
            let differences = results.map { value($0) - $0.plain.fid }
            let better = differences.filter { $0 < 0 }.count
            let conclusion = better == results.count ? "better in every seed"
                : better == 0 ? "worse in every seed" : "better in \(better) of \(results.count) seeds: no consistent effect"
            return "\(name): FID change \(signed(mean(differences))) ± \(spread(differences).formatted(significantDigits: 2)) "
                + "(per seed \(differences.map(signed).joined(separator: ", "))), \(conclusion)."
        }
        return ["Against the plain recipe, same seeds and steps (\(results.count) seeds):",
                "  " + change("label smoothing 0.9", { $0.smoothed.fid }),
                "  " + change("weight-averaged G (decay 0.999)", { $0.averaged.fid })].joined(separator: "\n")
    }

    /// `remedy-study.csv` (one row per seed) and `remedy-study-fid.png` (the first seed's FID per epoch).
    func write(to output: OutputFolder) throws {
        var csv = CSVTable(header: ["seed", "plain_fid", "smoothed_fid", "averaged_fid", "plain_entropy", "smoothed_entropy", "averaged_entropy"])
        for r in results {
            csv.append([Double(r.seed), r.plain.fid, r.smoothed.fid, r.averaged.fid, r.plain.entropy, r.smoothed.entropy, r.averaged.entropy])
        }
        try csv.write(to: output.file("remedy-study.csv"))
        output.record("remedy-study.csv")
        var chart = LineChart(title: "Classifier FID per epoch, seed \(results.first?.seed ?? 0)", xLabel: "epoch", yLabel: "FID (lower is better)")
        chart.addSeries("plain (real label 1)", x: firstPlain.quality.rows.map { $0[0] }, y: firstPlain.quality.rows.map { $0[2] })
        chart.addSeries("label smoothing 0.9", x: firstSmoothed.quality.rows.map { $0[0] }, y: firstSmoothed.quality.rows.map { $0[2] })
        chart.addSeries("weight-averaged G", x: firstPlain.averagedQuality.rows.map { $0[0] }, y: firstPlain.averagedQuality.rows.map { $0[2] })
        try chart.writePNG(to: output.file("remedy-study-fid.png"))
        output.record("remedy-study-fid.png")
    }
}

/// Trains the study's runs: for each seed, the plain recipe with a weight average of G, then label smoothing 0.9.
func runRemedyStudy(seeds: [UInt64], steps: Int, batchSize: Int, on trainingSet: ImageDataset, judge: QualityJudge,
                    judgeCount: Int) throws -> RemedyStudy {
    var results: [RemedyStudy.SeedResult] = []
    var first: (RunRecord, RunRecord)?
    for (index, seed) in seeds.enumerated() {
        var noise = SeededGenerator(seed: seed &+ 1)
        let fixedNoise = Tensor.randn([64, noiseSize], using: &noise)
        var settings = RunSettings(totalSteps: steps, batchSize: batchSize, realLabel: 1, seed: seed,
                                   label: "seed \(seed) (\(index + 1)/\(seeds.count)), plain", judgeEachEpoch: true,
                                   printEachEpoch: false, judgeCount: judgeCount, output: nil, averagingDecay: 0.999)
        let plain = try train(GAN(seed: seed), on: trainingSet, settings, fixedNoise: fixedNoise, judge: judge)
        settings.realLabel = 0.9
        settings.averagingDecay = nil
        settings.label = "seed \(seed) (\(index + 1)/\(seeds.count)), label 0.9"
        let smoothed = try train(GAN(seed: seed), on: trainingSet, settings, fixedNoise: fixedNoise, judge: judge)
        guard let p = plain.lateAverage(), let s = smoothed.lateAverage(), let a = plain.lateAverage(averaged: true) else { continue }
        results.append(.init(seed: seed, plain: p, smoothed: s, averaged: a))
        print("  seed \(seed): FID plain \(p.fid.formatted(significantDigits: 3)), label 0.9 \(s.fid.formatted(significantDigits: 3)), "
              + "averaged G \(a.fid.formatted(significantDigits: 3))")
        fflush(nil)
        if first == nil { first = (plain, smoothed) }
    }
    return RemedyStudy(results: results, firstPlain: first?.0 ?? RunRecord(), firstSmoothed: first?.1 ?? RunRecord(), steps: steps)
}

private func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

/// The sample standard deviation (0 for fewer than two values).
private func spread(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let m = mean(values)
    return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
}

/// "+12.3" or "−4.5".
private func signed(_ value: Double) -> String {
    (value >= 0 ? "+" : "−") + abs(value).formatted(significantDigits: 3)
}
