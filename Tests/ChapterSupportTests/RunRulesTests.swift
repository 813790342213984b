import ArgumentParser
@testable import ChapterSupport
import Datasets
import Figures
import Foundation
import LocalHTTPServer
import NeuralNetworks
import TestFolders
import Testing
import TensorCore

/// The error `body` throws, as text (recording an issue when it throws none).
func errorText(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    do {
        try body()
        Issue.record("expected an error, nothing was thrown", sourceLocation: sourceLocation)
        return ""
    } catch {
        return "\(error)"
    }
}

enum TestDefaults: TrainingDefaults {
    static let batchSize = 128, steps = 3000, quickSteps = 60
}

struct TestOptions: ParsableArguments {
    @OptionGroup var common: ChapterOptions
    @OptionGroup var training: TrainingOptions<TestDefaults>
}

let testChapter = Chapter(number: 3, title: "Test", summary: "A chapter for tests.")

/// A catalog that sees only the embedded samples (and a `cache` folder of the test's own).
func sampleOnlyCatalog(cache: URL? = nil) throws -> DatasetCatalog {
    DatasetCatalog(environment: ["HOME": try (cache ?? makeTestFolder("chapter-support-tests")).path], debianFashionMNIST: try makeTestFolder("chapter-support-tests"))
}

/// Parses `arguments` (with `--output` in a new temporary folder unless given) and sets up the run.
func setup(_ arguments: [String], catalog: DatasetCatalog? = nil) throws -> TrainingSetup {
    var arguments = arguments
    if !arguments.contains("--output") { arguments += ["--output", try makeTestFolder("chapter-support-tests").appendingPathComponent("out").path] }
    let options = try TestOptions.parse(arguments)
    return try TrainingSetup(testChapter, options.common, options.training, dataset: .mnist, catalog: catalog ?? sampleOnlyCatalog())
}

@Suite struct OneRunPerFolderTests {
    @Test func aNewRunRemovesThePreviousRunsFilesAndSaysSo() throws {
        let path = try makeTestFolder("chapter-support-tests").appendingPathComponent("run").path
        let first = try OutputFolder(path: path)
        try first.write("first run", to: "summary.md")
        try first.write("epoch 12", to: "samples/epoch-012.png")
        try first.write("smoothing", to: "label-smoothing.png")
        let second = try OutputFolder(path: path)
        try second.write("second run", to: "summary.md")
        let left = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }
        #expect(left == ["summary.md"])
        #expect(Set(second.previousRunFilesRemoved) == ["summary.md", "samples/epoch-012.png", "label-smoothing.png"])
        #expect(second.summary.contains("This run wrote 1 file to \(second.url.path)"))
        #expect(second.summary.contains("3 files an earlier run had left there were removed"))
    }

    @Test func anInterruptedRunIsClearedToo() throws {
        let path = try makeTestFolder("chapter-support-tests").appendingPathComponent("run").path
        let first = try OutputFolder(path: path)
        // Claimed but never recorded: the run stopped while writing it.
        try Data("half".utf8).write(to: first.file("samples/epoch-001.png"))
        try Data("stale".utf8).write(to: first.url.appendingPathComponent(".training-checkpoint.safetensors.1234.partial"))
        _ = try OutputFolder(path: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == [OutputFolder.manifestName])
    }

    @Test func filesTheRunContinuesAreKept() throws {
        let path = try makeTestFolder("chapter-support-tests").appendingPathComponent("run").path
        let first = try OutputFolder(path: path)
        try first.write("weights", to: "training-checkpoint.safetensors")
        try first.write("log", to: "training-log.csv")
        let second = try OutputFolder(path: path, keeping: ["training-checkpoint.safetensors"])
        #expect(FileManager.default.fileExists(atPath: second.file("training-checkpoint.safetensors").path))
        #expect(!FileManager.default.fileExists(atPath: second.file("training-log.csv").path))
        #expect(second.filesWritten == ["training-checkpoint.safetensors"])
    }

    @Test func aFolderWithFilesNoRunWroteIsRefusedAndLeftAlone() throws {
        let folder = try makeTestFolder("chapter-support-tests")
        try Data("mine".utf8).write(to: folder.appendingPathComponent("thesis.tex"))
        let message = errorText { _ = try OutputFolder(path: folder.path) }
        #expect(message.contains("--output \(folder.path)"))
        #expect(message.contains("thesis.tex"))
        #expect(message.contains("Nothing was changed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["thesis.tex"])
    }

    @Test func anUnwritableOutputIsReportedInPlainWords() throws {
        let file = try makeTestFolder("chapter-support-tests").appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let inTheWay = errorText { _ = try OutputFolder(path: file.path) }
        #expect(inTheWay == "--output \(file.path): expected a folder you can write to, found a file, not a folder.\nChoose another folder with --output.")
        let below = errorText { _ = try OutputFolder(path: file.path + "/inside") }
        #expect(below.contains("cannot be created"))
        #expect(!below.contains("NSCocoaErrorDomain") && !below.contains("Code="))
    }

    @Test func plainWordsReplaceFoundationsErrorCodes() {
        #expect(plainWords(for: CocoaError(.fileWriteNoPermission)) == "you have no permission to do that there")
        #expect(plainWords(for: POSIXError(.ENOSPC)) == "the disk is full")
        #expect(plainWords(forErrno: EACCES) == "you have no permission to write there")
    }
}

@Suite struct TrainingOptionsTests {
    @Test func aNegativeNumberIsCalledNegativeNotMissing() {
        let message = TestOptions.message(for: errorOf { _ = try TestOptions.parse(["--steps", "-5"]) }, chapter: testChapter)
        #expect(message.contains("--steps must be 0 or more, got -5"), "\(message)")
        #expect(!message.contains("Missing value"))
        let batch = TestOptions.message(for: errorOf { _ = try TestOptions.parse(["--batch-size", "-1"]) }, chapter: testChapter)
        #expect(batch.contains("--batch-size must be a positive number of images, got -1"), "\(batch)")
    }

    @Test func theUsageLineNamesTheChapter() {
        let message = TestOptions.message(for: errorOf { _ = try TestOptions.parse(["--no-such-flag"]) }, chapter: testChapter)
        #expect(message.contains("Usage: chapter-03 "), "\(message)")
        #expect(!message.contains("options <options>") && !message.contains("testOptions"))
        #expect(message.contains("'chapter-03 --help'"))
    }

    @Test func helpShowsTheChaptersDefaults() {
        let help = TestOptions.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("default: 3000, or 60 with --quick"))
        #expect(help.contains("(default: 128)"))
        #expect(help.contains("--download"))
    }

    @Test func stepsComeFromStepsEpochsOrTheDefaults() throws {
        #expect(try TestOptions.parse([]).training.totalSteps(quick: false, batchesPerEpoch: 35) == 3000)
        #expect(try TestOptions.parse(["--quick"]).training.totalSteps(quick: true, batchesPerEpoch: 35) == 60)
        #expect(try TestOptions.parse(["--epochs", "2"]).training.totalSteps(quick: false, batchesPerEpoch: 35) == 70)
        #expect(throws: (any Error).self) { try TestOptions.parse(["--epochs", "2", "--steps", "5"]) }
    }

    func errorOf(_ body: () throws -> Void) -> any Error {
        do { try body() } catch { return error }
        return CancellationError()
    }
}

@Suite struct TrainingSetupTests {
    @Test func aBatchLargerThanTheTrainingSetIsRefusedNamingTheImageCount() {
        let message = errorText { _ = try setup(["--batch-size", "100000"]) }
        #expect(message.hasPrefix("--batch-size 100000: expected at most 4500 images"), "\(message)")
        #expect(message.contains("--download"))
    }

    @Test func aDataDirectoryThatIsMissingAFileOrEmptyIsAnErrorListingWhatWasLookedFor() throws {
        let missing = try makeTestFolder("chapter-support-tests").appendingPathComponent("nowhere")
        let none = errorText { _ = try setup(["--data-dir", missing.path]) }
        #expect(none.contains("found no such folder"), "\(none)")
        #expect(none.contains("train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]"))
        #expect(none.contains("looked for in \(missing.path)/mnist and in \(missing.path)"))
        let file = try makeTestFolder("chapter-support-tests").appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        #expect(errorText { _ = try setup(["--data-dir", file.path]) }.contains("found a file, not a folder"))
        let other = try makeTestFolder("chapter-support-tests")
        try Data("x".utf8).write(to: other.appendingPathComponent("notes.txt"))
        #expect(errorText { _ = try setup(["--data-dir", other.path]) }.contains("found a folder holding notes.txt"))
    }

    @Test func anExportPathInAMissingFolderIsFoundBeforeTraining() throws {
        let missing = try makeTestFolder("chapter-support-tests").appendingPathComponent("no-folder/samples.npy")
        let message = errorText { _ = try setup(["--export-samples", missing.path]) }
        #expect(message.hasPrefix("--export-samples \(missing.path): expected a file in an existing folder, found no folder"), "\(message)")
    }

    @Test func samplesExportedIntoTheOutputFolderBelongToTheRun() throws {
        let output = try makeTestFolder("chapter-support-tests").appendingPathComponent("out")
        let first = try setup(["--export-samples", output.path + "/samples.npy", "--output", output.path])
        try Data("npy".utf8).write(to: try #require(first.exportSamples))
        _ = try setup(["--output", output.path])   // not refused as a stranger's file, and removed
        #expect(!FileManager.default.fileExists(atPath: output.path + "/samples.npy"))
    }

    @Test func nothingIsClearedWhenACheckFails() throws {
        let output = try makeTestFolder("chapter-support-tests").appendingPathComponent("out")
        let earlier = try OutputFolder(path: output.path)
        try earlier.write("earlier", to: "summary.md")
        _ = errorText { _ = try setup(["--batch-size", "100000", "--output", output.path]) }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("summary.md").path))
    }

    @Test func resumingFromTheGeneratorsWeightsNamesTheTrainingCheckpoint() throws {
        let folder = try makeTestFolder("chapter-support-tests")
        let (model, optimizer) = smallModel()
        try saveSafetensors(model.namedParameters().map { ($0.name, $0.tensor) }, metadata: ["step": "60"],
                            to: folder.appendingPathComponent("generator.safetensors"))
        try checkpoint(model, optimizer, step: 60).save(to: folder.appendingPathComponent(TrainingSetup.checkpointName))
        let message = errorText { _ = try setup(["--resume", folder.appendingPathComponent("generator.safetensors").path]) }
        #expect(message.contains("found model weights only"), "\(message)")
        #expect(message.contains("Resume from \(folder.appendingPathComponent(TrainingSetup.checkpointName).path) instead."))
    }

    @Test func aResumeAtTheLastStepSaysThereIsNothingLeftToTrain() throws {
        let folder = try makeTestFolder("chapter-support-tests")
        let (model, optimizer) = smallModel()
        let url = folder.appendingPathComponent(TrainingSetup.checkpointName)
        try checkpoint(model, optimizer, step: 60).save(to: url)
        let done = try setup(["--resume", url.path, "--steps", "60"])
        #expect(done.nothingLeftToTrain)
        #expect(done.resumeSummary?.contains("at step 60: nothing left to train") == true)
        let more = try setup(["--resume", url.path, "--steps", "100"])
        #expect(!more.nothingLeftToTrain && more.resumeSummary?.contains("40 steps left to reach 100") == true)
    }

    @Test func aCheckpointInTheOutputFolderSurvivesTheFreshStart() throws {
        let folder = try makeTestFolder("chapter-support-tests").appendingPathComponent("out")
        let (model, optimizer) = smallModel()
        let earlier = try OutputFolder(path: folder.path)
        try checkpoint(model, optimizer, step: 60).save(to: earlier.file(TrainingSetup.checkpointName))
        earlier.record(TrainingSetup.checkpointName)
        try earlier.write("old", to: "training-log.csv")
        let resumed = try setup(["--resume", earlier.file(TrainingSetup.checkpointName).path, "--steps", "100", "--output", folder.path])
        #expect(FileManager.default.fileExists(atPath: resumed.output.file(TrainingSetup.checkpointName).path))
        #expect(!FileManager.default.fileExists(atPath: resumed.output.file("training-log.csv").path))
    }

    /// `--download` end to end: the catalog's downloader fetches MNIST from a local server (progress and
    /// checksums included) into the cache, and the run trains on it; offline it fails with the downloader's advice.
    @Test func downloadFetchesTheFullSetWithProgressAndChecksums() throws {
        let files: [(String, [UInt8])] = [
            ("train-images-idx3-ubyte", idx(magic: 0x803, [300, 28, 28]) + [UInt8](repeating: 9, count: 300 * 784)),
            ("train-labels-idx1-ubyte", idx(magic: 0x801, [300]) + (0..<300).map { UInt8($0 % 10) }),
            ("t10k-images-idx3-ubyte", idx(magic: 0x803, [20, 28, 28]) + [UInt8](repeating: 3, count: 20 * 784)),
            ("t10k-labels-idx1-ubyte", idx(magic: 0x801, [20]) + (0..<20).map { UInt8($0 % 10) }),
        ]
        let server = try LocalHTTPServer(routes: Dictionary(uniqueKeysWithValues: files.map { ("/mnist/\($0.0)", .init(body: $0.1)) }))
        defer { server.stop() }
        let cache = try makeTestFolder("chapter-support-tests")
        let progress = ProgressCount()
        var catalog = try sampleOnlyCatalog(cache: cache)
        catalog.downloader = DatasetDownloader(timeout: 10, onProgress: { progress.add($0) })
        catalog.remoteFiles = { _ in
            files.map { RemoteFile(name: $0.0, mirrors: [server.url("/mnist/\($0.0)")], sha256: Checksum.sha256($0.1)) }
        }
        let withoutDownload = try setup([], catalog: catalog)
        #expect(withoutDownload.trainingSet.count == 4500 && server.requests.isEmpty)
        let downloaded = try setup(["--download", "--batch-size", "64"], catalog: catalog)
        #expect(downloaded.trainingSet.count == 300 && downloaded.heldOutSet.count == 20)
        #expect(downloaded.trainingSet.source.contains("downloaded to \(cache.path)/.cache/gan-course/mnist"))
        #expect(downloaded.batchesPerEpoch == 4)
        #expect(progress.finishedFiles == 4)
        // The second run finds the verified files in the cache and fetches nothing.
        let requests = server.requests.count
        #expect(try setup(["--download"], catalog: catalog).trainingSet.count == 300)
        #expect(server.requests.count == requests)

        // A checksum that does not match keeps no file and says so.
        var corrupt = try sampleOnlyCatalog()
        corrupt.downloader = DatasetDownloader(timeout: 10, onProgress: { _ in })
        corrupt.remoteFiles = { _ in [RemoteFile(name: files[0].0, mirrors: [server.url("/mnist/\(files[0].0)")], sha256: String(repeating: "0", count: 64))] }
        #expect(errorText { _ = try setup(["--download"], catalog: corrupt) }.contains("checksum mismatch"))

        // Offline: the downloader's advice says which files to put where.
        let deadServer = try LocalHTTPServer(routes: [:])
        let deadURL = deadServer.url("/mnist/")
        deadServer.stop()
        var offline = try sampleOnlyCatalog()
        offline.downloader = DatasetDownloader(timeout: 5, onProgress: { _ in })
        offline.remoteFiles = { _ in files.map { RemoteFile(name: $0.0, mirrors: [deadURL.appendingPathComponent($0.0)], sha256: Checksum.sha256($0.1)) } }
        let message = errorText { _ = try setup(["--download"], catalog: offline) }
        #expect(message.contains("dataset not available offline"), "\(message)")
        #expect(message.contains("put these files in"))
        #expect(files.allSatisfy { message.contains($0.0) }, "the advice lists every file of the dataset")
        #expect(message.contains("Or leave out --download"))
    }

    func idx(magic: UInt32, _ dimensions: [UInt32]) -> [UInt8] {
        ([magic] + dimensions).flatMap { v in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> UInt32($0)) } }
    }
}

/// Counts finished downloads from the downloader's progress reports.
final class ProgressCount: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = 0
    func add(_ progress: DownloadProgress) { if progress.finished { lock.withLock { finished += 1 } } }
    var finishedFiles: Int { lock.withLock { finished } }
}

func smallModel() -> (Sequential, AdamW) {
    var generator = SeededGenerator(seed: 1)
    let model = Sequential(Linear(3, 2, using: &generator))
    return (model, AdamW(model.parameters(), lr: 2e-4))
}

func checkpoint(_ model: Sequential, _ optimizer: AdamW, step: Int) -> TrainingCheckpoint {
    var checkpoint = TrainingCheckpoint()
    checkpoint.add(model.namedParameters(), prefix: "generator")
    checkpoint.add(optimizer, name: "optimizerG")
    checkpoint.metadata["step"] = String(step)
    return checkpoint
}

@Suite struct TrainingHistoryTests {
    @Test func theHistoryTravelsInTheCheckpointAndIsCutBackToItsStep() throws {
        let (model, optimizer) = smallModel()
        var log = CSVTable(header: ["step", "d_loss"])
        for step in 1...5 { log.append([Double(step), 0.5 + Double(step) / 10]) }
        var saving = checkpoint(model, optimizer, step: 5)
        saving.addHistory(["training_log": log, "empty": CSVTable(header: ["epoch"])])
        let url = try makeTestFolder("chapter-support-tests").appendingPathComponent(TrainingSetup.checkpointName)
        try saving.save(to: url)
        // A checkpoint for restoring (without the history) still loads from the file.
        try checkpoint(model, optimizer, step: 0).restore(from: url)
        let history = try TrainingHistory.load(from: url)
        #expect(history.keys.sorted() == ["training_log"])
        #expect(history["training_log"]?.header == ["step", "d_loss"])
        #expect(history["training_log"]?.rows == log.rows)
        #expect(log.rows(upTo: 3, in: "step").rows.map { $0[0] } == [1, 2, 3])
    }
}
