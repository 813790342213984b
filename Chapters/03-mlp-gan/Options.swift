import ArgumentParser
import ChapterSupport
import Datasets

/// The two datasets this chapter's GAN is built for: 28 × 28 grey images in ten classes.
enum GANDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    var name: DatasetName { self == .mnist ? .mnist : .fashionMNIST }
}

/// This chapter's training defaults: 128 images per step; 2000 steps (60 with --quick).
enum Chapter03Defaults: TrainingDefaults {
    static let batchSize = 128
    static let steps = 2000
    static let quickSteps = 60
}

/// Chapter 3's command line: the common options, the training options every dataset chapter shares, and its own.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<Chapter03Defaults>

    @Option(help: "The images to learn: mnist or fashion-mnist.")
    var dataset: GANDataset = .mnist

    @Option(parsing: .unconditional,
            help: "The discriminator's target for real images: 1 is the plain recipe, 0.9 one-sided label smoothing.")
    var realLabel: Double = 1

    @Flag(help: ArgumentHelp("Also run the remedy study: the plain recipe, label smoothing and a weight-averaged generator, "
                             + "over --study-seeds seeds (several minutes per seed; see the chapter's last section)."))
    var remedyStudy = false

    @Option(parsing: .unconditional, help: "How many seeds the remedy study trains (from --seed on).")
    var studySeeds = 3

    mutating func validate() throws {
        guard realLabel > 0.5 && realLabel <= 1 else { throw ValidationError("--real-label must lie in (0.5, 1], got \(realLabel)") }
        guard studySeeds >= 1 else { throw ValidationError("--study-seeds must be at least 1, got \(studySeeds)") }
    }
}
