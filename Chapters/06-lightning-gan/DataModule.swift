import Datasets
import LightningStyle

/// The tutorial's `MNISTDataModule`: the training images split 55,000 / 5,000 with a seeded random split
/// (11/12 and 1/12 for a smaller set), served in batches of 128, normalised as `normalization` says.
///
/// The tutorial's `prepare_data()` downloads MNIST. Here `TrainingSetup` has already found (or, with `--download`,
/// fetched) the images before any work started, so that a missing dataset stops the run at once; `prepareData()`
/// only checks that there are images to split.
final class MNISTDataModule: LightningDataModule {
    let full: ImageDataset
    let batchSize: Int
    let normalization: PixelNormalization
    let seed: UInt64
    private(set) var train: ImageDataset?
    private(set) var validation: ImageDataset?

    init(_ full: ImageDataset, batchSize: Int, normalization: PixelNormalization, seed: UInt64) {
        self.full = full
        self.batchSize = batchSize
        self.normalization = normalization
        self.seed = seed
    }

    override func prepareData() throws {
        guard full.count >= 12 else {
            throw LightningError.misconfigured("MNISTDataModule: \(full.source) holds \(full.count) images, too few to split 11/12 : 1/12")
        }
    }

    override func setup(stage: Stage) throws {
        guard train == nil else { return }
        let parts = full.count == 60_000
            ? try randomSplit(full, lengths: [55_000, 5_000], seed: seed)
            : try randomSplit(full, fractions: [11.0 / 12, 1.0 / 12], seed: seed)
        (train, validation) = (parts[0], parts[1])
    }

    /// Shuffled, keeping the short last batch as PyTorch's `DataLoader` does by default.
    override func trainDataLoader() throws -> DataLoader {
        DataLoader(train!, batchSize: batchSize, shuffle: true, dropLast: false, normalization: normalization)
    }

    override func valDataLoader() throws -> DataLoader? {
        DataLoader(validation!, batchSize: batchSize, shuffle: false, dropLast: false, normalization: normalization)
    }
}
