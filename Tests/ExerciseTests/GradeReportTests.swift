@testable import ExerciseChecks
import Foundation
import Testing

/// `swift run exercises --json` and `--junit FILE`: one entry per exercise, its status and message, the score.
@Suite struct GradeReportTests {
    let results: [ExerciseResult] = {
        let exercises = Array(Course.exercises.prefix(4))
        return [ExerciseResult(exercise: exercises[0], outcome: .passed, seconds: 0.25),
                ExerciseResult(exercise: exercises[1], outcome: .notDone),
                ExerciseResult(exercise: exercises[2], outcome: .failed("softmax([1, 2]):\n  expected <0.27, 0.73>\n  got      [1, 1]")),
                ExerciseResult(exercise: exercises[3], outcome: .crashed("Index out of range at Exercises/Chapter01/LogSumExp.swift:9"))]
    }()

    @Test func jsonHasOneEntryPerExerciseAndTheScore() throws {
        let report = GradeReport(results: results, checkedFolder: "Exercises/")
        #expect(report.score == 1 && report.maxScore == 4)
        #expect(report.exercises.map(\.status) == ["passed", "not_started", "failed", "crashed"])
        #expect(report.exercises.map(\.id) == ["1.1", "1.2", "1.3", "1.4"])
        #expect(report.exercises[3].message.hasPrefix("Exercise 1.4 crashed: Index out of range at Exercises/Chapter01/LogSumExp.swift:9"))
        let decoded = try JSONDecoder().decode(GradeReport.self, from: Data(report.json.utf8))
        #expect(decoded == report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["formatVersion", "checkedFolder", "score", "maxScore", "exercises"])
        #expect(report.json == GradeReport(results: results, checkedFolder: "Exercises/").json, "the same results give the same bytes")
    }

    @Test func junitCountsFailuresAndErrorsAndEscapes() throws {
        let xml = GradeReport(results: results, checkedFolder: "Exercises/").junitXML
        #expect(xml.contains("<testsuites name=\"GAN course exercises\" tests=\"4\" failures=\"2\" errors=\"1\""))
        #expect(xml.contains("<failure type=\"not_started\""))
        #expect(xml.contains("<error type=\"crashed\" message=\"Exercise 1.4 crashed: Index out of range at Exercises/Chapter01/LogSumExp.swift:9\""))
        #expect(xml.contains("expected &lt;0.27, 0.73&gt;"))
        #expect(!xml.contains("<0.27"))
        #expect(xml.contains("<property name=\"score\" value=\"1\"/>"))
        #expect(XMLDocumentCheck(xml).parsed, "the XML parses")
    }
}

/// Parses XML with Foundation's event parser (enough to know it is well formed).
struct XMLDocumentCheck {
    let parsed: Bool
    init(_ text: String) {
        #if canImport(FoundationXML)
        parsed = FoundationXML.XMLParser(data: Data(text.utf8)).parse()
        #else
        parsed = XMLParser(data: Data(text.utf8)).parse()
        #endif
    }
}
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `exercises` executable itself: `--json` and `--junit FILE` agree with the checks run in this process.
@Suite struct ExercisesCommandTests {
    @Test func jsonAndJUnitFromTheCommand() throws {
        let runner = try #require(checkRunner, "the exercises executable is built beside the test bundle")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exercises-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("results.xml"), json = folder.appendingPathComponent("report.json")
        FileManager.default.createFile(atPath: json.path, contents: nil)
        let process = Process()
        process.executableURL = runner.executable
        process.arguments = ["--json", "--junit", junit.path]
        process.standardOutput = try FileHandle(forWritingTo: json)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try JSONDecoder().decode(GradeReport.self, from: Data(contentsOf: json))
        #expect(report.exercises.map(\.id) == Course.exercises.map(\.id))
        let expected = Course.exercises.map { $0.runHere().status }
        #expect(report.exercises.map(\.status) == expected)
        #expect(report.score == expected.filter { $0 == "passed" }.count && report.maxScore == Course.exercises.count)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("tests=\"\(Course.exercises.count)\""))
        #expect(XMLDocumentCheck(xml).parsed)
    }

    @Test func badArgumentsAreRefusedBeforeAnyCheckRuns() throws {
        let runner = try #require(checkRunner)
        for arguments in [["--hint", "9.9"], ["--level", "2"], ["--hint", "1.1", "--level", "4"], ["--junit", "/no/such/folder/r.xml"], ["--timeout", "0"]] {
            let process = Process()
            process.executableURL = runner.executable
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 64, "\(arguments)")
            #expect(message.hasPrefix("Error: "), "\(arguments): \(message)")
        }
    }
}
