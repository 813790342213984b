import ArgumentParser
import ChapterSupport

/// Chapter 7's command line: the common options plus the training run's.
struct Options: ParsableArguments {
    @OptionGroup var common: ChapterOptions

    @Option(help: "Training steps in all, one discriminator and one generator update each (default: \(defaultSteps), or \(quickSteps) with --quick).")
    var steps: Int?

    @Option(help: "Passes over the training set instead of --steps.")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), help: "Images per step (the DCGAN paper's 128).")
    var batchSize = 128

    @Option(name: .customLong("data-dir"), help: "A folder with CIFAR-10's binary batches (data_batch_1.bin[.gz] …, test_batch.bin[.gz]) or cifar-10-binary.tar.gz (default: GAN_DATA_DIR, the cache, then the embedded 2,000-image sample).")
    var dataDir: String?

    @Flag(help: "Download the full CIFAR-10 (163 MB, checksummed) into the cache if it is not found locally.")
    var download = false

    @Option(name: .customLong("race-steps"), help: "Steps of the race between the notebook's DCGAN and the fixed one (0 skips it; default: \(defaultRaceSteps), or \(quickRaceSteps) with --quick).")
    var raceSteps: Int?

    @Option(help: "A training checkpoint (training-checkpoint.safetensors) to continue from: G, D, their BatchNorm statistics and both optimizers are restored.")
    var resume: String?

    @Option(name: .customLong("export-samples"), help: "Write --samples generated images to this .npy file (float32 N×3×32×32 in [-1, 1]).")
    var exportSamples: String?

    @Option(help: "How many images --export-samples writes.")
    var samples = 10_000

    static let defaultSteps = 300
    static let quickSteps = 10
    static let defaultRaceSteps = 30
    static let quickRaceSteps = 2

    mutating func validate() throws {
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2 (BatchNorm needs a batch), got \(batchSize)") }
        guard steps.map({ $0 >= 0 }) ?? true else { throw ValidationError("--steps must be ≥ 0, got \(steps!)") }
        guard epochs.map({ $0 > 0 }) ?? true else { throw ValidationError("--epochs must be positive, got \(epochs!)") }
        guard steps == nil || epochs == nil else { throw ValidationError("give --steps or --epochs, not both") }
        guard raceSteps.map({ $0 >= 0 }) ?? true else { throw ValidationError("--race-steps must be ≥ 0, got \(raceSteps!)") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples)") }
        if let exportSamples, !exportSamples.hasSuffix(".npy") {
            throw ValidationError("--export-samples expects a path ending in .npy, got \(exportSamples)")
        }
    }
}

/// Input the chapter cannot work with, found before training starts: what, where, expected and found.
struct ChapterInputError: Error, CustomStringConvertible {
    let path: String
    let expected: String
    let found: String
    var description: String { "\(path): expected \(expected), found \(found)" }
}
