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
    /// With `--use-exercises`, the student's split (exercise 6.1): the indices of each part.
    let splitIndices: ((_ count: Int, _ lengths: [Int], _ seed: UInt64) throws -> [[Int]])?
    private(set) var train: ImageDataset?
    private(set) var validation: ImageDataset?

    init(_ full: ImageDataset, batchSize: Int, normalization: PixelNormalization, seed: UInt64,
         splitIndices: ((_ count: Int, _ lengths: [Int], _ seed: UInt64) throws -> [[Int]])? = nil) {
        self.full = full
        self.splitIndices = splitIndices
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
        let lengths = full.count == 60_000 ? [55_000, 5_000] : try splitLengths(full.count, fractions: [11.0 / 12, 1.0 / 12])
        let parts = try splitIndices.map { split in try split(full.count, lengths, seed).map(full.subset) }
            ?? randomSplit(full, lengths: lengths, seed: seed)
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
