import Datasets
import Foundation
import NeuralNetworks

/// Everything a training chapter checks before its first step, and what it then works with.
///
/// Creating one checks, in this order, and throws a `RunSetupError` (or a `DatasetError`) in plain words
/// at the first problem, before anything is trained or any earlier result is touched:
/// 1. `--output` is a folder that can be written (created if missing);
/// 2. `--export-samples` names a file in an existing, writable folder;
/// 3. `--resume` names a training checkpoint (not, say, `generator.safetensors`);
/// 4. the dataset is where `--data-dir` says (or downloaded with `--download`), train and test split;
/// 5. `--batch-size` is no larger than the training set.
/// Only then is the output folder opened for a fresh run (`OutputFolder`: the previous run's files go).
///
///     let setup = exitOnError { try TrainingSetup(chapter, options.common, options.training, dataset: .mnist) }
///     print("Training images: \(setup.trainingSet.count), \(setup.trainingSet.source)")
///     if let resume = setup.resume { try gan.restore(from: resume.url); print(setup.resumeSummary!) }
///     // train up to setup.totalSteps, save setup.output.file(TrainingSetup.checkpointName) each epoch,
///     // with the history tables (`TrainingCheckpoint.addHistory`) so a resumed run continues them.
public struct TrainingSetup {
    /// The file name every chapter gives its training checkpoint.
    public static let checkpointName = "training-checkpoint.safetensors"

    /// A checked training checkpoint to continue from.
    public struct ResumePoint {
        public let url: URL
        /// The checkpoint's metadata (the step reached is under "step").
        public let metadata: [String: String]
        /// The step the checkpoint was saved at.
        public let step: Int
    }

    public let trainingSet: ImageDataset
    public let heldOutSet: ImageDataset
    /// The run's folder, opened fresh.
    public let output: OutputFolder
    public let batchSize: Int
    /// Full batches in one pass over the training set.
    public let batchesPerEpoch: Int
    /// The step to train up to, counted from the start of training.
    public let totalSteps: Int
    public let resume: ResumePoint?
    /// Where `--export-samples` writes, checked.
    public let exportSamples: URL?

    /// Checks the options and paths as described above, loads the data, and opens the output folder.
    /// `continuedFiles` names the files of the resumed run that stay when the checkpoint is in this run's folder
    /// (e.g. the sample grids of the epochs before it): they are part of the story the resumed run continues.
    public init<D>(_ chapter: Chapter, _ common: ChapterOptions, _ training: TrainingOptions<D>, dataset: DatasetName,
                   catalog: DatasetCatalog = DatasetCatalog(), continuedFiles: (ResumePoint) -> [String] = { _ in [] }) throws {
        let outputPath = common.outputPath(for: chapter)
        try OutputFolder.checkWritable(path: outputPath)
        exportSamples = try training.exportSamples.map { try Self.checkedExportPath($0, outputFolder: outputPath) }
        resume = try training.resume.map { try Self.checkedCheckpoint($0) }

        let dataDirectory = training.dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        trainingSet = try catalog.load(dataset, split: .train, dataDirectory: dataDirectory, download: training.download)
        heldOutSet = try catalog.load(dataset, split: .test, dataDirectory: dataDirectory, download: training.download)
        guard training.batchSize <= trainingSet.count else {
            throw RunSetupError(option: "--batch-size", value: String(training.batchSize),
                                expected: "at most \(trainingSet.count) images, the size of the training set",
                                found: "a batch larger than all the training images (\(trainingSet.source))",
                                advice: "Give a --batch-size of \(trainingSet.count) or less"
                                    + (trainingSet.source.hasPrefix("embedded sample") ? ", or add --download to train on the full set." : "."))
        }
        batchSize = training.batchSize
        batchesPerEpoch = trainingSet.count / batchSize
        totalSteps = training.totalSteps(quick: common.quick, batchesPerEpoch: batchesPerEpoch)

        let folder = URL(fileURLWithPath: outputPath, isDirectory: true).standardizedFileURL
        let kept = resume.map { $0.url.deletingLastPathComponent().standardizedFileURL == folder
            ? [$0.url.lastPathComponent] + continuedFiles($0) : [] } ?? []
        output = try OutputFolder(path: outputPath, keeping: kept)
        if let name = exportSamples.flatMap(output.name(of:)) { _ = output.file(name) }  // this run's file too
    }

    /// True when a resumed checkpoint has already reached `totalSteps`.
    public var nothingLeftToTrain: Bool { (resume?.step ?? 0) >= totalSteps && resume != nil }

    /// What resuming does, for the chapter to print: the step reached and how many are left, or that none are.
    public var resumeSummary: String? {
        guard let resume else { return nil }
        if nothingLeftToTrain {
            return "Resumed from \(resume.url.path) at step \(resume.step): nothing left to train, since --steps asks for \(totalSteps) "
                + "in all. The figures below come from the checkpoint as it is; give a larger --steps (e.g. --steps \(resume.step + max(totalSteps, 1))) "
                + "to train further."
        }
        return "Resumed from \(resume.url.path) at step \(resume.step): \(totalSteps - resume.step) steps left to reach \(totalSteps)."
    }

    /// `--export-samples PATH`: the folder must exist and be writable, or be the output folder (checked writable
    /// already, and made when the run starts), and PATH must not be a folder.
    static func checkedExportPath(_ path: String, outputFolder: String) throws -> URL {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let folder = url.deletingLastPathComponent()
        if folder.path == URL(fileURLWithPath: outputFolder, isDirectory: true).standardizedFileURL.path
            && !FileManager.default.fileExists(atPath: folder.path) {
            return url
        }
        func problem(_ expected: String, _ found: String) -> RunSetupError {
            RunSetupError(option: "--export-samples", value: url.path, expected: expected, found: found,
                          advice: "Create the folder first, or give a path in a folder you can write to.")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw problem("a file in an existing folder", "no folder \(folder.path)")
        }
        guard isFolder.boolValue else { throw problem("a file in a folder", "\(folder.path) is a file, not a folder") }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw problem("a file name", "a folder of that name")
        }
        guard access(folder.path, W_OK) == 0 else { throw problem("a folder you can write to", plainWords(forErrno: errno)) }
        return url
    }

    /// `--resume PATH`: a training checkpoint, i.e. a safetensors file with optimizer state and the step reached.
    static func checkedCheckpoint(_ path: String) throws -> ResumePoint {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let expected = "a training checkpoint (\(checkpointName): the models, the optimisers' state and the step reached)"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw RunSetupError(option: "--resume", value: url.path, expected: expected, found: "no such file")
        }
        let sibling = (isFolder.boolValue ? url : url.deletingLastPathComponent()).appendingPathComponent(checkpointName)
        let advice = FileManager.default.fileExists(atPath: sibling.path) && sibling.path != url.path
            ? "Resume from \(sibling.path) instead." : "Give the \(checkpointName) an earlier training run wrote in its output folder."
        guard !isFolder.boolValue else {
            throw RunSetupError(option: "--resume", value: url.path, expected: expected, found: "a folder", advice: advice)
        }
        let file: SafetensorsFile
        do { file = try SafetensorsFile(contentsOf: url) } catch {
            throw RunSetupError(option: "--resume", value: url.path, expected: expected,
                                found: "a file that is not a readable safetensors file (\(error))", advice: advice)
        }
        guard file.metadata.keys.contains(where: { $0.hasSuffix(".lr") }) else {
            throw RunSetupError(option: "--resume", value: url.path, expected: expected,
                                found: "model weights only, without optimiser state (a file for sampling, such as generator.safetensors)",
                                advice: advice)
        }
        guard let step = file.metadata["step"].flatMap(Int.init), step >= 0 else {
            throw RunSetupError(option: "--resume", value: url.path, expected: expected,
                                found: "no 'step' in its metadata (\(file.metadata["step"].map { "'\($0)'" } ?? "missing"))", advice: advice)
        }
        return ResumePoint(url: url, metadata: file.metadata, step: step)
    }
}
