import ArgumentParser
import ChapterSupport
import Datasets

/// The two datasets this chapter's GAN is built for: 28 × 28 grey images in ten classes.
enum GANDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    var name: DatasetName { self == .mnist ? .mnist : .fashionMNIST }
}

/// Chapter 3's command line: the common options plus the training run's.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Option(help: "Passes over the training set (default: as many as --steps needs).")
    var epochs: Int?

    @Option(help: "Training steps in all, one discriminator and one generator update each (default: 3000, or 60 with --quick).")
    var steps: Int?

    @Option(name: .customLong("batch-size"), help: "Images per step.")
    var batchSize = 128

    @Option(name: .customLong("data-dir"), help: "A folder with the dataset's IDX files (default: the catalog's search order, then the embedded sample).")
    var dataDir: String?

    @Option(help: "The discriminator's target for real images: 1 is the plain recipe, 0.9 one-sided label smoothing (the remedy for mode collapse).")
    var realLabel: Double = 1

    @Flag(help: "Skip the second run that compares the plain recipe with label smoothing (it doubles the training time).")
    var skipComparison = false

    @Option(help: "A training checkpoint (training-checkpoint.safetensors) to continue from: G, D and both optimizers are restored.")
    var resume: String?

    @Option(name: .customLong("export-samples"), help: "Write --samples generated images to this .npy file (float32 N×1×28×28 in [-1, 1]).")
    var exportSamples: String?

    @Option(help: "How many images --export-samples writes.")
    var samples = 10_000

    mutating func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        guard steps.map({ $0 >= 0 }) ?? true else { throw ValidationError("--steps must be ≥ 0") }
        guard epochs.map({ $0 > 0 }) ?? true else { throw ValidationError("--epochs must be positive") }
        guard steps == nil || epochs == nil else { throw ValidationError("give --steps or --epochs, not both") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        guard realLabel > 0.5 && realLabel <= 1 else { throw ValidationError("--real-label must lie in (0.5, 1], got \(realLabel)") }
        if let exportSamples, !exportSamples.hasSuffix(".npy") {
            throw ValidationError("--export-samples expects a path ending in .npy, got \(exportSamples)")
        }
    }
}
