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

/// This chapter's training defaults: the tutorial's 128 images per batch; 150 batches (16 with --quick).
enum Chapter06Defaults: TrainingDefaults {
    static let batchSize = 128
    static let steps = 150
    static let quickSteps = 16
}

/// Chapter 6's command line: the common options, the training options every dataset chapter shares, and its own.
/// `--steps` counts batches (one generator and one discriminator update each); the trainer's `maxSteps` is twice
/// that, because Lightning counts optimizer steps.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<Chapter06Defaults>

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Option(help: "automatic: Lightning 1.x, training_step once per optimizer (the tutorial); manual: Lightning 2.x manual optimisation.")
    var style: TrainingStyle = .automatic

    @Flag(help: "Skip the second run that trains the remedy (tanh output, pixels in [-1, 1]) for comparison; it doubles the training time.")
    var skipComparison = false
}
