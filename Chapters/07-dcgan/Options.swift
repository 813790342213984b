import ArgumentParser
import ChapterSupport

/// Chapter 7's training defaults, shown by `--help`: batches of 32 rather than the paper's 128 (about 4× the steps in the
/// same time, which a five-minute run needs more than it needs bigger batches; see the chapter's Training section), and
/// as many steps of the default width-32 DCGAN as fit, with the judge's first training and the race, in about five
/// minutes on two cores.
enum Chapter07Defaults: TrainingDefaults {
    static let batchSize = 32
    static let steps = 3600
    static let quickSteps = 24
}

/// Chapter 7's command line: the common options, the training options, and the race's length.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<Chapter07Defaults>

    @Option(name: .customLong("race-steps"), parsing: .unconditional,
            help: "Steps of the race between the notebook's DCGAN and the fixed one (0 skips it; default: \(Options.defaultRaceSteps), or \(Options.quickRaceSteps) with --quick).")
    var raceSteps: Int?

    @Option(help: "Channels of G's last hidden layer and of D's first layer (PyTorch's ngf / ndf); the layers nearer 4×4 have 2× and 4× as many. 64 is the classic 32×32 DCGAN, with about 3.8× the multiply-adds per image of the default 32.")
    var width: Int = defaultWidth

    static let defaultRaceSteps = 30
    static let quickRaceSteps = 1

    func validate() throws {
        if let raceSteps, raceSteps < 0 { throw ValidationError("--race-steps must be 0 or more, got \(raceSteps)") }
        if width < 1 || width > 512 { throw ValidationError("--width must be between 1 and 512 channels, got \(width)") }
    }
}
