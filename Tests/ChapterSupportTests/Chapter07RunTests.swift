import Foundation
import TestFolders
import Testing

/// Chapter 7 (DCGAN on CIFAR-10) run as a student runs it: wrong input stops it before any training,
/// in a sentence naming the option.
extension ChapterRunTests {
    @Test func chapter07RefusesABatchLargerThanTheCIFARSample() throws {
        let output = try outputFolder()
        let run = try run("chapter-07", ["--batch-size", "5000", "--output", output])
        #expect(run.status == 1)
        #expect(run.errors.contains("--batch-size 5000: expected at most 2000 images"), "\(run.errors)")
        #expect(!run.output.contains("The two players"))
    }

    @Test func chapter07RefusesAFolderWithoutCIFARBatches() throws {
        let empty = try makeTestFolder("chapter-support-tests").path, output = try outputFolder()
        let run = try run("chapter-07", ["--data-dir", empty, "--output", output])
        #expect(run.status == 1)
        #expect(run.errors.contains("\(empty): the data directory does not hold the dataset"), "\(run.errors)")
        #expect(!run.output.contains("embedded sample"))
        #expect(!FileManager.default.fileExists(atPath: output), "a run stopped by a bad --data-dir leaves no output folder")
    }

    @Test func chapter07SaysWhenAResumedRunChangesTheBatchSize() throws {
        let output = try outputFolder()
        let first = try run("chapter-07", ["--quick", "--batch-size", "128", "--steps", "16", "--race-steps", "0", "--output", output])
        #expect(first.status == 0, "\(first.errors)")
        let resumed = try run("chapter-07", ["--quick", "--resume", output + "/training-checkpoint.safetensors", "--steps", "20",
                                             "--race-steps", "0", "--output", output])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.output.contains("The checkpoint was trained on batches of 128; this run continues with batches of 32 "
                                        + "(give --batch-size 128 to keep the checkpoint's)."), "\(resumed.output)")
    }

    @Test func chapter07RefusesANegativeRace() throws {
        let run = try run("chapter-07", ["--race-steps", "-3", "--output", try outputFolder()])
        #expect(run.status != 0)
        #expect(run.errors.contains("--race-steps must be 0 or more, got -3"), "\(run.errors)")
        #expect(!run.output.contains("The data"))
    }

    @Test func chapter07RefusesAWidthOfNoChannels() throws {
        let run = try run("chapter-07", ["--width", "0", "--output", try outputFolder()])
        #expect(run.status != 0)
        #expect(run.errors.contains("--width must be between 1 and 512 channels, got 0"), "\(run.errors)")
        #expect(!run.output.contains("The data"))
    }
}
