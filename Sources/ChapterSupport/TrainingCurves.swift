import Figures
import Foundation

/// Writes a training log with the columns `step`, `d_loss`, `g_loss`, `d_real` and `d_fake` (at least one row) as
/// curves smoothed over a fiftieth of the run: both losses (`losses.png`, `losses.svg`) and the discriminator's
/// mean verdicts on real and fake images (`discriminator-outputs.png`); and the log itself (`training-log.csv`).
public func writeTrainingCurves(_ log: CSVTable, to output: OutputFolder) throws {
    func column(_ name: String) -> [Double] { log.rows.map { $0[log.header.firstIndex(of: name)!] } }
    let steps = column("step")
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
    try log.write(to: output.file("training-log.csv"))
    for name in ["losses.png", "losses.svg", "discriminator-outputs.png", "training-log.csv"] { output.record(name) }
}
