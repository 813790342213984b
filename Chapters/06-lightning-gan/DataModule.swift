import Datasets
import Foundation
import LightningStyle

/// The tutorial's `MNISTDataModule`: the training images split 55,000 / 5,000 with a seeded random split
/// (11/12 and 1/12 for a smaller set), served in batches of 128, normalised as `normalization` says.
final class MNISTDataModule: LightningDataModule {
    let name: DatasetName
    let dataDirectory: URL?
    let batchSize: Int
    let normalization: PixelNormalization
    let seed: UInt64
    private(set) var full: ImageDataset?
    private(set) var train: ImageDataset?
    private(set) var validation: ImageDataset?

    init(_ name: DatasetName, dataDirectory: URL?, batchSize: Int, normalization: PixelNormalization, seed: UInt64) {
        self.name = name
        self.dataDirectory = dataDirectory
        self.batchSize = batchSize
        self.normalization = normalization
        self.seed = seed
    }

    /// Finds (or fetches) the training images once; reading them again is cheap.
    override func prepareData() throws {
        if full == nil { full = try DatasetCatalog.load(name, split: .train, dataDirectory: dataDirectory) }
    }

    override func setup(stage: Stage) throws {
        guard let full, train == nil else { return }
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
