import ChapterSupport
import Figures
import Foundation
import TensorCore

/// Writes the final grid, the strip across epochs, real beside fake, the curves and their CSV files.
func writeFigures(gan: GAN, record: RunRecord, fixedNoise: Tensor, realImages: Tensor, output: OutputFolder) throws {
    let final = gan.sample(fixedNoise)
    try saveImageGrid(final, to: output.file("samples-final.png"), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
    output.record("samples-final.png")

    // The same eight noise vectors after (at most) ten evenly spaced epochs, one row each.
    let snapshots = record.snapshots
    if !snapshots.isEmpty {
        let chosen = Array(Set((0..<min(10, snapshots.count)).map { i in
            snapshots.count == 1 ? 0 : i * (snapshots.count - 1) / max(1, min(10, snapshots.count) - 1)
        })).sorted()
        let strip = Image.column(chosen.map { index in
            Image.grid(of: snapshots[index].images[0..<8], valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
                .captioned("epoch \(snapshots[index].epoch)")
        }, spacing: 4)
        try strip.writePNG(to: output.file("progress-strip.png"))
        output.record("progress-strip.png")
    }

    let real = Image.grid(of: realImages, valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2).captioned("real")
    let fake = Image.grid(of: final[0..<realImages.shape[0]], valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
        .captioned("generated, step \(gan.step)")
    try Image.row([real, fake], spacing: 16).writePNG(to: output.file("real-vs-fake.png"))
    output.record("real-vs-fake.png")

    let columns = record.log.header
    func column(_ name: String) -> [Double] { record.log.rows.map { $0[columns.firstIndex(of: name)!] } }
    let steps = column("step")
    guard !steps.isEmpty else { return }
    let window = max(1, steps.count / 50)
    var losses = LineChart(title: "Losses (moving average of \(window) steps)", xLabel: "step", yLabel: "BCE")
    losses.smoothingWindow = window
    losses.addSeries("D loss", x: steps, y: column("d_loss"))
    losses.addSeries("G loss", x: steps, y: column("g_loss"))
    try losses.writePNG(to: output.file("losses.png"))
    try losses.writeSVG(to: output.file("losses.svg"))
    var verdicts = LineChart(title: "The discriminator's mean verdicts", xLabel: "step", yLabel: "probability of real")
    verdicts.smoothingWindow = window
    verdicts.yRange = 0...1
    verdicts.addSeries("D(x), real", x: steps, y: column("d_real"))
    verdicts.addSeries("D(G(z)), fake", x: steps, y: column("d_fake"))
    try verdicts.writePNG(to: output.file("discriminator-outputs.png"))
    try record.log.write(to: output.file("training-log.csv"))
    for name in ["losses.png", "losses.svg", "discriminator-outputs.png", "training-log.csv"] { output.record(name) }
    if !record.quality.rows.isEmpty {
        try record.quality.write(to: output.file("quality-per-epoch.csv"))
        output.record("quality-per-epoch.csv")
    }
}
