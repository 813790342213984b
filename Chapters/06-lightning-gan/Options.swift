import ArgumentParser
import ChapterSupport
import Datasets

/// The two datasets the tutorial's models are built for: 28 × 28 grey images in ten classes.
enum GANDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    var name: DatasetName { self == .mnist ? .mnist : .fashionMNIST }
}

extension TrainingStyle: ExpressibleByArgument {}

/// Chapter 6's command line: the common options plus the training run's.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Option(help: "Passes over the 55,000 training images (default: as many as --steps needs).")
    var epochs: Int?

    @Option(help: "Batches to train, each one generator and one discriminator update (default: 200, or 16 with --quick). The trainer's maxSteps is twice this: Lightning counts optimizer steps.")
    var steps: Int?

    @Option(name: .customLong("batch-size"), help: "Images per batch (the tutorial's 128).")
    var batchSize = 128

    @Option(name: .customLong("data-dir"), help: "A folder with the dataset's IDX files (default: the catalog's search order, then the embedded sample).")
    var dataDir: String?

    @Option(help: "automatic: Lightning 1.x, training_step once per optimizer (the tutorial); manual: Lightning 2.x manual optimisation.")
    var style: TrainingStyle = .automatic

    @Flag(help: "Skip the second run that trains the remedy (tanh output, pixels in [-1, 1]) for comparison; it doubles the training time.")
    var skipComparison = false

    @Option(help: "A checkpoint (checkpoints/last.safetensors of an earlier run) to continue from: models, optimizers, epoch, step and the epoch's running averages.")
    var resume: String?

    @Option(name: .customLong("export-samples"), help: "Write --samples generated images to this .npy file (float32 N×1×28×28 in [-1, 1], mapped back from the tutorial's normalisation).")
    var exportSamples: String?

    @Option(help: "How many images --export-samples writes.")
    var samples = 10_000

    mutating func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        guard steps.map({ $0 > 0 }) ?? true else { throw ValidationError("--steps must be positive") }
        guard epochs.map({ $0 > 0 }) ?? true else { throw ValidationError("--epochs must be positive") }
        guard steps == nil || epochs == nil else { throw ValidationError("give --steps or --epochs, not both") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        if let exportSamples, !exportSamples.hasSuffix(".npy") {
            throw ValidationError("--export-samples expects a path ending in .npy, got \(exportSamples)")
        }
        if let resume, !resume.hasSuffix(".safetensors") {
            throw ValidationError("--resume expects a checkpoint ending in .safetensors (e.g. output/chapter-06/checkpoints/last.safetensors), got \(resume)")
        }
    }
}
