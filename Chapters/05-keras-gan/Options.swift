import ArgumentParser
import ChapterSupport
import Datasets

/// The two datasets this chapter's GAN is built for: 28 × 28 grey images in ten classes.
enum GANDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    var name: DatasetName { self == .mnist ? .mnist : .fashionMNIST }
}

/// Chapter 5's command line: the common options plus the training run's.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Option(help: "Passes over the training set (default: as many as --steps needs).")
    var epochs: Int?

    @Option(help: "Training steps in all, each the tutorial's three train_on_batch calls (default: 1500, or 150 with --quick).")
    var steps: Int?

    @Option(name: .customLong("batch-size"), help: "Images per step (the tutorial's 64).")
    var batchSize = 64

    @Option(name: .customLong("data-dir"), help: "A folder with the dataset's IDX files (default: the catalog's search order, then the embedded sample).")
    var dataDir: String?

    @Flag(help: "Skip the second run that trains D on batch-statistics fakes (it doubles the training time).")
    var skipComparison = false

    @Option(help: "A training checkpoint (training-checkpoint.safetensors) to continue from: G, D and both optimisers are restored.")
    var resume: String?

    @Option(name: .customLong("export-samples"), help: "Write --samples generated images to this .npy file (float32 N×1×28×28 in [-1, 1]).")
    var exportSamples: String?

    @Option(help: "How many images --export-samples writes.")
    var samples = 10_000

    mutating func validate() throws {
        guard batchSize > 1 else { throw ValidationError("--batch-size must be at least 2 (BatchNormalization needs two images), got \(batchSize)") }
        guard steps.map({ $0 >= 0 }) ?? true else { throw ValidationError("--steps must be ≥ 0") }
        guard epochs.map({ $0 > 0 }) ?? true else { throw ValidationError("--epochs must be positive") }
        guard steps == nil || epochs == nil else { throw ValidationError("give --steps or --epochs, not both") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        if let exportSamples, !exportSamples.hasSuffix(".npy") {
            throw ValidationError("--export-samples expects a path ending in .npy, got \(exportSamples)")
        }
    }
}
