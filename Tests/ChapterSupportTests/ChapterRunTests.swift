import Foundation
import TestFolders
import Testing

/// The built chapter programs, run as a student runs them: wrong input stops them before any training with
/// a sentence naming the option, and a resumed run continues its history. (`swift build` builds them;
/// `swift test` builds every target first.)
@Suite(.serialized) struct ChapterRunTests {
    struct Run {
        let status: Int32
        let output: String
        let errors: String
        let seconds: Double
    }

    /// The folder holding the built executables: the test bundle's own folder.
    static let products: URL? = {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("chapter-03").path) }
    }()

    /// Runs `chapter` with `arguments` and a home folder of its own (no cached data or classifiers from elsewhere).
    func run(_ chapter: String, _ arguments: [String], home: URL? = nil) throws -> Run {
        let products = try #require(Self.products, "the chapter programs are not built next to the tests; run `swift build` first")
        let process = Process()
        process.executableURL = products.appendingPathComponent(chapter)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = try (home ?? makeTestFolder("chapter-support-tests")).path
        environment["XDG_CACHE_HOME"] = nil
        environment["GAN_DATA_DIR"] = nil
        process.environment = environment
        let output = try makeTestFolder("chapter-support-tests").appendingPathComponent("stdout"), errors = output.deletingLastPathComponent().appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        let clock = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - clock
        return Run(status: process.terminationStatus, output: try String(contentsOf: output, encoding: .utf8),
                   errors: try String(contentsOf: errors, encoding: .utf8),
                   seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    func outputFolder() throws -> String { try makeTestFolder("chapter-support-tests").appendingPathComponent("out").path }

    @Test func aBatchLargerThanTheSampleStopsBeforeTraining() throws {
        let output = try outputFolder()
        let run = try run("chapter-03", ["--batch-size", "100000", "--output", output])
        #expect(run.status == 1)
        #expect(run.errors.contains("--batch-size 100000: expected at most 4500 images"), "\(run.errors)")
        #expect(!run.output.contains("epoch"))
        #expect(!FileManager.default.fileExists(atPath: output), "a run stopped before training leaves no output folder")
    }

    @Test func chapter6ChecksItsOptionsBeforeTraining() throws {
        let output = try outputFolder()
        let big = try run("chapter-06", ["--batch-size", "100000", "--output", output])
        #expect(big.status == 1)
        #expect(big.errors.contains("--batch-size 100000: expected at most 4500 images"), "\(big.errors)")
        #expect(!big.output.contains("Epoch 0"))
        let style = try run("chapter-06", ["--style", "sometimes", "--output", output])
        #expect(style.status != 0 && style.errors.contains("--style"), "\(style.errors)")
        #expect(!FileManager.default.fileExists(atPath: output), "a run stopped before training leaves no output folder")
    }

    @Test func aWrongDataDirectoryIsAnErrorNotTheSample() throws {
        let missing = try makeTestFolder("chapter-support-tests").appendingPathComponent("no-such-folder").path
        let run = try run("chapter-03", ["--data-dir", missing, "--output", try outputFolder()])
        #expect(run.status == 1)
        #expect(run.errors.contains("\(missing): the data directory does not hold the dataset"), "\(run.errors)")
        #expect(run.errors.contains("found no such folder"))
        #expect(!run.output.contains("embedded sample"))
    }

    @Test func aMissingExportFolderIsFoundBeforeTraining() throws {
        let path = try makeTestFolder("chapter-support-tests").appendingPathComponent("missing/samples.npy").path
        let run = try run("chapter-03", ["--export-samples", path, "--output", try outputFolder()])
        #expect(run.status == 1)
        #expect(run.errors.contains("--export-samples \(path): expected a file in an existing folder"), "\(run.errors)")
        #expect(!run.output.contains("Training"))
    }

    @Test func anOutputPathBelowAFileIsRefusedInPlainWords() throws {
        let file = try makeTestFolder("chapter-support-tests").appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        for chapter in ["chapter-03", "chapter-04"] {
            let run = try run(chapter, ["--output", file.path + "/out"])
            #expect(run.status == 1)
            #expect(run.errors.contains("--output \(file.path)/out: expected a folder you can write to"), "\(run.errors)")
            #expect(!run.errors.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func negativeStepsAndTheUsageLine() throws {
        let run = try run("chapter-03", ["--steps", "-5"])
        #expect(run.status == 64)
        #expect(run.errors.contains("--steps must be 0 or more, got -5"), "\(run.errors)")
        #expect(run.errors.contains("Usage: chapter-03 "))
        #expect(!run.errors.contains("options <options>"))
    }

    @Test func everyTrainingOptionIsInTheHelp() throws {
        let help = try run("chapter-03", ["--help"]).output
        for option in ["--data-dir", "--download", "--batch-size", "--steps", "--epochs", "--resume", "--export-samples", "--samples", "--output"] {
            #expect(help.contains(option), "chapter-03 --help lacks \(option)")
        }
    }

    /// A short run, a resumed run that continues it, a resumed run with nothing left, and a resume from the wrong file.
    @Test func aResumedRunContinuesTheLogAndSaysWhenNothingIsLeft() throws {
        let home = try makeTestFolder("chapter-support-tests"), output = try outputFolder()
        let first = try run("chapter-03", ["--quick", "--steps", "40", "--output", output], home: home)
        #expect(first.status == 0, "\(first.errors)")
        let checkpoint = output + "/training-checkpoint.safetensors"
        let resumed = try run("chapter-03", ["--quick", "--steps", "80", "--resume", checkpoint, "--output", output], home: home)
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.output.contains("at step 40: 40 steps left to reach 80"), "\(resumed.output)")
        let log = try String(contentsOfFile: output + "/training-log.csv", encoding: .utf8).split(separator: "\n")
        #expect(log.count == 81, "header and steps 1…80")
        #expect(log.dropFirst().map { $0.split(separator: ",")[0] } == (1...80).map { Substring(String($0)) })
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        #expect(!files.contains { $0.hasSuffix(".partial") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: output + "/samples").sorted()
                == ["epoch-001.png", "epoch-002.png", "epoch-003.png", "epoch-004.png"])

        let nothing = try run("chapter-03", ["--quick", "--steps", "80", "--resume", checkpoint, "--output", output], home: home)
        #expect(nothing.status == 0, "\(nothing.errors)")
        #expect(nothing.output.contains("at step 80: nothing left to train"), "\(nothing.output)")

        let wrong = try run("chapter-03", ["--quick", "--resume", output + "/generator.safetensors", "--output", output], home: home)
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("Resume from \(checkpoint) instead."), "\(wrong.errors)")
    }

    @Test func ctrlCLeavesNoPartialFilesAndSaysWhereTheCheckpointIs() throws {
        let products = try #require(Self.products, "the chapter programs are not built next to the tests; run `swift build` first")
        let output = try outputFolder()
        let process = Process()
        process.executableURL = products.appendingPathComponent("chapter-03")
        process.arguments = ["--quick", "--steps", "100000", "--output", output]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = try makeTestFolder("chapter-support-tests").path
        environment["XDG_CACHE_HOME"] = nil
        process.environment = environment
        let errors = try makeTestFolder("chapter-support-tests").appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let checkpoint = output + "/training-checkpoint.safetensors"
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: checkpoint) && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.2) }
        // A stale temporary file, as a checkpoint write cut short leaves it.
        try Data("half a checkpoint".utf8).write(to: URL(fileURLWithPath: output + "/.training-checkpoint.safetensors.DEAD.partial"))
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(message.contains("Interrupted. The files written so far are in \(URL(fileURLWithPath: output).standardizedFileURL.path)"), "\(message)")
        #expect(message.contains("--resume \(checkpoint)"))
        #expect(try !FileManager.default.contentsOfDirectory(atPath: output).contains { $0.hasSuffix(".partial") })
    }

    /// The default run trains one recipe (its 3-minute budget); the multi-seed remedy study waits for `--remedy-study`.
    @Test func theDefaultRunTrainsOneRecipeAndLeavesTheStudyToAFlag() throws {
        let run = try run("chapter-03", ["--steps", "35", "--output", try outputFolder()])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.components(separatedBy: " steps in ").count == 2, "one training run: \(run.output)")
        #expect(run.output.contains("Not run: add --remedy-study"))
        let help = try self.run("chapter-03", ["--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(default: 2000, or 60 with --quick)"))
    }

    /// The remedy study trains every recipe for every seed and prints each seed, the mean, the spread and a computed verdict.
    @Test func theRemedyStudyReportsEverySeedWithItsSpread() throws {
        let output = try outputFolder()
        let run = try run("chapter-03", ["--quick", "--steps", "35", "--remedy-study", "--study-seeds", "3", "--output", output])
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        for seed in 42...44 { #expect(lines.contains { $0.hasPrefix("\(seed) ") }, "a table row for seed \(seed)") }
        #expect(lines.contains { $0.hasPrefix("mean ") } && lines.contains { $0.hasPrefix("± spread ") })
        #expect(run.output.contains("label smoothing 0.9: FID change "))
        #expect(run.output.contains("weight-averaged G (decay 0.999): FID change "))
        let csv = try String(contentsOfFile: output + "/remedy-study.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 4, "a header and one row per seed")
    }

    @Test func aQuickRunCallsItsGeneratorUntrainedNotCollapsed() throws {
        let run = try run("chapter-03", ["--quick", "--steps", "5", "--output", try outputFolder()])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("the generator is still untrained"), "\(run.output)")
        #expect(!run.output.contains("Mode collapse:"))
    }
}
