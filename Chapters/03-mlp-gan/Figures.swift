import ChapterSupport
import Figures
import Foundation
import TensorCore

/// Writes the final grid, the strip across epochs, real beside fake, the curves and their CSV files.
func writeFigures(gan: GAN, record: RunRecord, fixedNoise: Tensor, realImages: Tensor, output: OutputFolder) throws {
    try writeSampleFigures(final: gan.sample(fixedNoise), snapshots: record.snapshots, realImages: realImages, step: gan.step, to: output)
    guard !record.log.rows.isEmpty else { return }
    try writeTrainingCurves(record.log, to: output)
    if !record.quality.rows.isEmpty {
        try record.quality.write(to: output.file("quality-per-epoch.csv"))
        output.record("quality-per-epoch.csv")
    }
}
