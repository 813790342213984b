import ArgumentParser
import ChapterSupport

/// Chapter 7's training defaults, shown by `--help`: the paper's batch of 128, and steps that should fit in about
/// five minutes on two cores. Measured on a heavily shared machine with OpenBLAS's Haswell kernels: about 1.5
/// CPU-seconds per step of 128 (judging and checkpoints included), i.e. roughly 0.75 s per step on two idle cores;
/// 300 steps then leave time for the judge's first training (400 steps) and the race.
enum Chapter07Defaults: TrainingDefaults {
    static let batchSize = 128
    static let steps = 300
    static let quickSteps = 6
}

/// Chapter 7's command line: the common options, the training options, and the race's length.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<Chapter07Defaults>

    @Option(name: .customLong("race-steps"), parsing: .unconditional,
            help: "Steps of the race between the notebook's DCGAN and the fixed one (0 skips it; default: \(Options.defaultRaceSteps), or \(Options.quickRaceSteps) with --quick).")
    var raceSteps: Int?

    static let defaultRaceSteps = 30
    static let quickRaceSteps = 1

    func validate() throws {
        if let raceSteps, raceSteps < 0 { throw ValidationError("--race-steps must be 0 or more, got \(raceSteps)") }
    }
}
