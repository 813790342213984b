import ArgumentParser

/// A chapter's training defaults, shown by `--help`: batch size and steps for a full and a `--quick` run.
public protocol TrainingDefaults {
    static var batchSize: Int { get }
    static var steps: Int { get }
    static var quickSteps: Int { get }
}

/// The options of every chapter that trains on a dataset, checked as they are parsed:
/// `--data-dir`, `--download`, `--batch-size`, `--steps`, `--epochs`, `--resume`, `--export-samples`, `--samples`.
///
/// Embed them next to the common options, then let `TrainingSetup` check the paths and load the data:
///
///     enum Defaults: TrainingDefaults { static let batchSize = 128, steps = 3000, quickSteps = 60 }
///     struct Options: ParsableArguments {
///         @OptionGroup var common: ChapterOptions
///         @OptionGroup var training: TrainingOptions<Defaults>
///     }
///     let options = Options.parseOrExit(for: chapter)
///     let setup = exitOnError { try TrainingSetup(chapter, options.common, options.training, dataset: .mnist) }
///
/// Numbers are read even when they start with a minus (`--steps -5` is refused as negative, not as a missing value).
public struct TrainingOptions<Defaults: TrainingDefaults>: ParsableArguments {
    @Option(name: .customLong("data-dir"),
            help: ArgumentHelp("A folder holding the dataset's files (in it or in its <dataset>/ sub-folder); it must hold them. "
                               + "Without it: GAN_DATA_DIR, the cache, Debian's copy, then the small sample embedded in the package."))
    public var dataDir: String?

    @Flag(help: ArgumentHelp("Download the full dataset (into --data-dir, or the cache ~/.cache/gan-course) with progress and checksums, "
                             + "unless a copy is already found, and train on it."))
    public var download = false

    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per step.")
    public var batchSize: Int = Defaults.batchSize

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Training steps in all, counted from the start, also when resuming "
                               + "(default: \(Defaults.steps), or \(Defaults.quickSteps) with --quick)."))
    public var steps: Int?

    @Option(parsing: .unconditional, help: "Passes over the training set, instead of --steps.")
    public var epochs: Int?

    @Option(help: "A training checkpoint (training-checkpoint.safetensors in an earlier run's folder) to continue from.")
    public var resume: String?

    @Option(name: .customLong("export-samples"),
            help: "Also write --samples generated images to this .npy file (float32, N×C×H×W in [-1, 1]) for an outside judge.")
    public var exportSamples: String?

    @Option(parsing: .unconditional, help: "How many images --export-samples writes.")
    public var samples = 10_000

    public init() {}

    public func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be a positive number of images, got \(batchSize)") }
        if let steps, steps < 0 { throw ValidationError("--steps must be 0 or more, got \(steps)") }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be a positive number of passes, got \(epochs)") }
        guard steps == nil || epochs == nil else { throw ValidationError("give --steps or --epochs, not both") }
        guard samples > 0 else { throw ValidationError("--samples must be a positive number of images, got \(samples)") }
        if let exportSamples, !exportSamples.hasSuffix(".npy") {
            throw ValidationError("--export-samples expects a path ending in .npy, got \(exportSamples)")
        }
    }

    /// The run's total steps: `--steps`, or `--epochs` × `batchesPerEpoch`, or the chapter's default.
    public func totalSteps(quick: Bool, batchesPerEpoch: Int) -> Int {
        steps ?? epochs.map { $0 * batchesPerEpoch } ?? (quick ? Defaults.quickSteps : Defaults.steps)
    }
}
