import ChapterSupport
import Figures
import Foundation
import TensorCore

/// Writes the final grid, the strip across epochs, real beside fake, the curves and their CSV files.
func writeFigures(gan: KerasGAN, record: RunRecord, fixedNoise: Tensor, realImages: Tensor, output: OutputFolder) throws {
    try writeSampleFigures(final: gan.sample(fixedNoise), snapshots: record.snapshots, realImages: realImages, step: gan.step, to: output)

    func column(_ table: CSVTable, _ name: String) -> [Double] { table.rows.map { $0[table.header.firstIndex(of: name)!] } }
    let steps = column(record.log, "step")
    guard !steps.isEmpty else { return }
    let window = max(1, steps.count / 50)
    var losses = LineChart(title: "Losses (moving average of \(window) steps)", xLabel: "step", yLabel: "binary cross-entropy")
    losses.smoothingWindow = window
    losses.addSeries("d_loss = ½(real + fake)", x: steps, y: column(record.log, "d_loss"))
    losses.addSeries("G loss (combined model)", x: steps, y: column(record.log, "g_loss"))
    try losses.writePNG(to: output.file("losses.png"))
    try losses.writeSVG(to: output.file("losses.svg"))
    var accuracy = LineChart(title: "D's binary accuracy as Keras reports it", xLabel: "step", yLabel: "accuracy")
    accuracy.smoothingWindow = window
    accuracy.yRange = 0...1
    accuracy.addSeries("on real (target 0.9: never a hit)", x: steps, y: column(record.log, "d_accuracy_real"))
    accuracy.addSeries("on fake (target 0)", x: steps, y: column(record.log, "d_accuracy_fake"))
    try accuracy.writePNG(to: output.file("accuracy.png"))
    try record.log.write(to: output.file("training-log.csv"))
    for name in ["losses.png", "losses.svg", "accuracy.png", "training-log.csv"] { output.record(name) }

    if !record.modeGap.rows.isEmpty {
        let gapSteps = column(record.modeGap, "step")
        var verdicts = LineChart(title: "D's verdict on G's two BatchNorm modes", xLabel: "step", yLabel: "mean D(G(z))")
        verdicts.yRange = 0...1
        verdicts.addSeries("inference mode (predictOnBatch: D trains on these)", x: gapSteps, y: column(record.modeGap, "d_on_inference_mode"))
        verdicts.addSeries("training mode (the combined step: G learns from these)", x: gapSteps, y: column(record.modeGap, "d_on_training_mode"))
        try verdicts.writePNG(to: output.file("batchnorm-modes.png"))
        try record.modeGap.write(to: output.file("batchnorm-modes.csv"))
        output.record("batchnorm-modes.png")
        output.record("batchnorm-modes.csv")
    }
    if !record.quality.rows.isEmpty {
        try record.quality.write(to: output.file("quality-per-epoch.csv"))
        output.record("quality-per-epoch.csv")
    }
}
