@testable import ChapterSupport
import Foundation
import Testing

@Suite struct ProgressReporterTests {
    @Test func clockTimeShowsMinutesAndHours() {
        #expect(clockTime(0) == "0:00")
        #expect(clockTime(59.6) == "1:00")
        #expect(clockTime(605) == "10:05")
        #expect(clockTime(3725) == "1:02:05")
    }

    @Test func aLineHasProgressRateTimeLeftAndMetricsInOrder() throws {
        let progress = ProgressReporter(total: 200, label: "training", isTerminal: false)
        let line = progress.line(step: 50, metrics: ["D loss": 0.6931, "G loss": 1.25], now: ContinuousClock.now + .seconds(10))
        #expect(line.hasPrefix("training  50/200  25%  "))
        // 50 steps in 10 s: 5 steps/s, and 150 steps left take 30 s (give or take the time this test takes).
        #expect(line.contains(try Regex(#"[45]\.\d\d steps/s  elapsed 0:1[01]  ETA 0:(29|30|31)  D"#)), "\(line)")
        #expect(line.hasSuffix("D loss 0.693  G loss 1.25"))
    }

    @Test func aResumedLoopCountsOnlyItsOwnSteps() throws {
        // Resumed at step 100 of 200: 50 steps in 10 s is 5 steps/s, and the other 50 take 10 s more.
        let progress = ProgressReporter(total: 200, label: "training", startStep: 100, isTerminal: false)
        let line = progress.line(step: 150, metrics: [:], now: ContinuousClock.now + .seconds(10))
        #expect(line.hasPrefix("training  150/200  75%  "))
        #expect(line.contains(try Regex(#"[45]\.\d\d steps/s  elapsed 0:1[01]  ETA 0:(09|10|11)"#)), "\(line)")
    }

    @Test func theLastLineSaysDoneInsteadOfATimeLeft() {
        let progress = ProgressReporter(total: 10, isTerminal: false)
        let line = progress.line(step: 10, metrics: [:], now: ContinuousClock.now + .seconds(2))
        #expect(line.hasPrefix("10/10  100%  "))
        #expect(line.hasSuffix("elapsed 0:02  done"))
    }
}

@Suite struct TextTableTests {
    @Test func numbersAlignRightAndTextLeft() {
        var table = TextTable(columns: ["layer", "params"])
        table.addRow(["Linear", "25856"])
        table.addRow(["Tanh", "0"])
        #expect(table.description.split(separator: "\n").map(String.init) == [
            "layer   params",
            "------  ------",
            "Linear   25856",
            "Tanh         0",
        ])
    }

    @Test func csvQuotesCellsWithCommasAndQuotes() {
        var table = TextTable(columns: ["name", "note"])
        table.addRow(["a,b", "say \"hi\""])
        #expect(table.csv == "name,note\n\"a,b\",\"say \"\"hi\"\"\"\n")
    }
}

@Suite struct OutputFolderTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chapter-support-\(UUID().uuidString)").path
    }

    @Test func createsNestedFoldersAndListsWhatWasWritten() throws {
        let root = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try OutputFolder(path: root + "/a/b")
        try folder.write("hello", to: "note.txt")
        try folder.write("again", to: "note.txt")
        folder.record("picture.png")
        #expect(try String(contentsOf: folder.file("note.txt"), encoding: .utf8) == "again")
        #expect(folder.filesWritten == ["note.txt", "picture.png"])
        #expect(folder.summary.hasPrefix("This run wrote 2 files to "))
    }

    @Test("checkWritable leaves no trace: the missing folders it made to test the path are gone again, an existing one stays as it was")
    func checkingAPathCreatesNothing() throws {
        let root = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try OutputFolder.checkWritable(path: root + "/a/b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        try OutputFolder.checkWritable(path: root)
        #expect(FileManager.default.fileExists(atPath: root))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }

    @Test func aFileInTheWayGivesAnErrorNamingThePath() throws {
        let root = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: root))
        do {
            _ = try OutputFolder(path: root + "/inside")
            Issue.record("opening a folder below a file should fail")
        } catch let error as RunSetupError {
            #expect(error.value.hasSuffix("/inside"))
            #expect(error.description.contains("found that it cannot be created: part of the path is a file, not a folder"))
        }
    }
}

@Suite struct ChapterOptionsTests {
    @Test func parsesTheCommonFlags() throws {
        let options = try ChapterOptions.parse(["--seed", "7", "--quick", "--output", "/tmp/x"])
        #expect(options.seed == 7)
        #expect(options.quick)
        #expect(options.output == "/tmp/x")
        let defaults = try ChapterOptions.parse([])
        #expect(defaults.seed == 42 && !defaults.quick && defaults.output == nil)
    }

    @Test func rejectsAnUnknownFlagAndABadSeed() {
        #expect(throws: (any Error).self) { try ChapterOptions.parse(["--sed", "7"]) }
        #expect(throws: (any Error).self) { try ChapterOptions.parse(["--seed", "-1"]) }
    }

    @Test func theDefaultFolderIsNamedAfterTheChapter() {
        #expect(Chapter(number: 3, title: "t", summary: "s").paddedNumber == "03")
        #expect(Chapter(number: 12, title: "t", summary: "s").paddedNumber == "12")
    }
}
