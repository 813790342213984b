import ArgumentParser
import ChapterSupport
import Datasets

/// The two datasets this chapter's GAN is built for: 28 × 28 grey images in ten classes.
enum GANDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    var name: DatasetName { self == .mnist ? .mnist : .fashionMNIST }
}

/// This chapter's training defaults: the tutorial's 64 images per step; 1500 steps (150 with --quick).
enum Chapter05Defaults: TrainingDefaults {
    static let batchSize = 64
    static let steps = 1500
    static let quickSteps = 150
}

/// Chapter 5's command line: the common options, the training options every dataset chapter shares, and its own.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<Chapter05Defaults>

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Flag(help: "Skip the second run that trains D on batch-statistics fakes (it doubles the training time).")
    var skipComparison = false

    mutating func validate() throws {
        guard training.batchSize > 1 else {
            throw ValidationError("--batch-size must be at least 2 (BatchNormalization needs two images per batch), got \(training.batchSize)")
        }
    }
}
