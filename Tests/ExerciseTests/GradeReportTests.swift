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
        let document = try XMLDocumentCheck(xml)
        #expect(document.parsed, "the XML parses")
    }
}

/// Parses XML with Foundation's event parser (enough to know it is well formed).
struct XMLDocumentCheck {
    let parsed: Bool
    init(_ text: String) throws {
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
