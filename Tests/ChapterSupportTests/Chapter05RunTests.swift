import Foundation
import TestFolders
import Testing

/// Chapter 5 run as a student runs it: a batch BatchNormalization cannot use is refused up front, and a resumed
/// run continues the training log.
extension ChapterRunTests {
    @Test func chapter05RefusesABatchOfOne() throws {
        let run = try run("chapter-05", ["--batch-size", "1", "--output", try outputFolder()])
        #expect(run.status == 64)
        #expect(run.errors.contains("--batch-size must be at least 2"), "\(run.errors)")
        #expect(run.errors.contains("Usage: chapter-05 "))
    }

    @Test func chapter05ResumesWhereItStopped() throws {
        let home = try makeTestFolder("chapter-support-tests"), output = try outputFolder()
        let first = try run("chapter-05", ["--quick", "--steps", "30", "--output", output], home: home)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("under Keras 3, a D frozen once before compiling the combined model never trains"), "\(first.output)")
        let checkpoint = output + "/training-checkpoint.safetensors"
        let resumed = try run("chapter-05", ["--quick", "--steps", "60", "--resume", checkpoint, "--output", output], home: home)
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.output.contains("at step 30: 30 steps left to reach 60"), "\(resumed.output)")
        let log = try String(contentsOfFile: output + "/training-log.csv", encoding: .utf8).split(separator: "\n")
        #expect(log.count == 61, "header and steps 1…60")
        #expect(log.dropFirst().map { $0.split(separator: ",")[0] } == (1...60).map { Substring(String($0)) })
    }
}
