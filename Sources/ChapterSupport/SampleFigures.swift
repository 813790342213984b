import Figures
import Foundation
import TensorCore

/// Writes what a GAN chapter shows of its samples, all images `[N, C, H, W]` in [-1, 1]:
/// - `samples-final.png`: the final fixed-noise samples `final` as a grid, eight a row;
/// - `progress-strip.png`: the first eight fixed-noise samples after at most ten evenly spaced epochs of
///   `snapshots`, one captioned row each (not written when `snapshots` is empty);
/// - `real-vs-fake.png`: `realImages` beside as many of the final samples, captioned with `step`.
public func writeSampleFigures(final: Tensor, snapshots: [(epoch: Int, images: Tensor)], realImages: Tensor, step: Int,
                               to output: OutputFolder) throws {
    try saveImageGrid(final, to: output.file("samples-final.png"), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
    output.record("samples-final.png")

    if !snapshots.isEmpty {
        let rowsShown = min(10, snapshots.count)
        let chosen = Array(Set((0..<rowsShown).map { i in rowsShown == 1 ? snapshots.count - 1 : i * (snapshots.count - 1) / (rowsShown - 1) })).sorted()
        let strip = Image.column(chosen.map { index in
            Image.grid(of: snapshots[index].images[0..<8], valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
                .captioned("epoch \(snapshots[index].epoch)")
        }, spacing: 4)
        try strip.writePNG(to: output.file("progress-strip.png"))
        output.record("progress-strip.png")
    }

    let real = Image.grid(of: realImages, valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2).captioned("real")
    let fake = Image.grid(of: final[0..<realImages.shape[0]], valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
        .captioned("generated, step \(step)")
    try Image.row([real, fake], spacing: 16).writePNG(to: output.file("real-vs-fake.png"))
    output.record("real-vs-fake.png")
}
