import Figures
import Foundation
import TensorCore

/// Writes a grid of samples every `everyNEpochs` training epochs, from the same inputs each time, so the grids
/// can be compared epoch by epoch (what the tutorial's `on_epoch_end` plot does, as files).
public final class SampleGridCallback: Callback {
    /// Where the grids go; without one given, `samples/` in the logger's version folder (or the trainer's root).
    public private(set) var directory: URL?
    public let everyNEpochs: Int
    public let valueRange: ValueRange
    public let imagesPerRow: Int
    /// The files written, in order, with the epoch each shows.
    public private(set) var written: [(epoch: Int, url: URL)] = []
    private let sample: (LightningModule) -> Tensor

    /// - Parameter sample: the images to show `[N, C, H, W]`, e.g. the generator applied to fixed noise.
    ///   It runs without gradients.
    public init(directory: URL? = nil, everyNEpochs: Int = 1, valueRange: ValueRange = .minusOneToOne, imagesPerRow: Int = 8,
                sample: @escaping (LightningModule) -> Tensor) {
        precondition(everyNEpochs > 0, "SampleGridCallback: everyNEpochs must be positive, got \(everyNEpochs)")
        self.directory = directory
        self.everyNEpochs = everyNEpochs
        self.valueRange = valueRange
        self.imagesPerRow = imagesPerRow
        self.sample = sample
    }

    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws {
        if directory == nil {
            directory = (trainer.logger?.directory ?? trainer.rootDirectory).appendingPathComponent("samples", isDirectory: true)
        }
    }

    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        guard (trainer.currentEpoch + 1) % everyNEpochs == 0, let directory else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let images = withNoGrad { sample(module) }
        let url = directory.appendingPathComponent("epoch-\(String(format: "%03d", trainer.currentEpoch)).png")
        trainer.willWrite?(url)
        try saveImageGrid(images, to: url, valueRange: valueRange, nrow: imagesPerRow, padValue: 1, scale: 2)
        written.append((trainer.currentEpoch, url))
    }
}
