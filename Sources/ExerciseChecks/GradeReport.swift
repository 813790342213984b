import Foundation

/// The results of every exercise in the two formats classroom autograders read:
/// `swift run exercises --json` (one entry per exercise and a score) and `--junit FILE` (JUnit XML).
///
/// Statuses: `passed`; `failed` (a wrong answer) and `crashed` (a crash or an endless loop), both with
/// the message the student sees; `not_started` (the stub still throws `ExerciseNotDone`).
/// The score is the number of exercises passed, out of `maxScore`, the number of exercises.
public struct GradeReport: Codable, Equatable {
    /// Bumped if a field changes meaning, so that autograder scripts can check what they read.
    public var formatVersion = 1
    /// `Exercises/`, or `Solutions/` when built with `--traits Solutions`.
    public var checkedFolder: String
    public var score: Int
    public var maxScore: Int
    public var exercises: [Entry]

    public struct Entry: Codable, Equatable {
        public var id: String
        public var chapter: Int
        public var title: String
        public var file: String
        /// `passed`, `failed`, `crashed` or `not_started`.
        public var status: String
        /// What the student sees for this exercise: expected vs got, the crash and its line, or what to do.
        public var message: String
        public var seconds: Double
    }

    public init(results: [ExerciseResult], checkedFolder: String = Course.checkedFolder) {
        self.checkedFolder = checkedFolder
        score = results.filter(\.passed).count
        maxScore = results.count
        exercises = results.map { result in
            Entry(id: result.exercise.id, chapter: result.exercise.chapter, title: result.exercise.title,
                  file: result.exercise.file, status: result.status, message: result.message,
                  seconds: (result.seconds * 1000).rounded() / 1000)
        }
    }

    /// Pretty-printed JSON with sorted keys: the same results always give the same bytes (but for `seconds`).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// JUnit XML: one `<testsuite>` per chapter, one `<testcase>` per exercise; a wrong answer or an exercise
    /// not started is a `<failure>` (type `failed` or `not_started`), a crash an `<error>`.
    public var junitXML: String {
        func count(_ entries: [Entry], _ statuses: Set<String>) -> Int { entries.filter { statuses.contains($0.status) }.count }
        func attributes(_ entries: [Entry]) -> String {
            "tests=\"\(entries.count)\" failures=\"\(count(entries, ["failed", "not_started"]))\" errors=\"\(count(entries, ["crashed"]))\" "
                + "time=\"\(entries.map(\.seconds).reduce(0, +))\""
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"GAN course exercises\" \(attributes(exercises))>\n"
        let chapters = Dictionary(grouping: exercises, by: \.chapter)
        for chapter in chapters.keys.sorted() {
            let entries = chapters[chapter]!
            let name = testSuiteName(chapter: chapter)
            xml += "  <testsuite name=\"\(name)\" \(attributes(entries))>\n"
            if chapter == chapters.keys.sorted().first {
                xml += "    <properties>\n"
                xml += "      <property name=\"score\" value=\"\(score)\"/>\n"
                xml += "      <property name=\"maxScore\" value=\"\(maxScore)\"/>\n"
                xml += "      <property name=\"checkedFolder\" value=\"\(escapeXML(checkedFolder))\"/>\n"
                xml += "    </properties>\n"
            }
            for entry in entries {
                let open = "    <testcase classname=\"\(name)\" name=\"\(escapeXML(entry.id + " " + entry.title))\" file=\"\(escapeXML(entry.file))\" time=\"\(entry.seconds)\""
                let firstLine = escapeXML(String(entry.message.split(separator: "\n").first ?? ""))
                switch entry.status {
                case "passed":
                    xml += open + "/>\n"
                case "crashed":
                    xml += open + ">\n      <error type=\"crashed\" message=\"\(firstLine)\">\(escapeXML(entry.message))</error>\n    </testcase>\n"
                default:
                    xml += open + ">\n      <failure type=\"\(entry.status)\" message=\"\(firstLine)\">\(escapeXML(entry.message))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}

extension ExerciseResult {
    /// The status word of `GradeReport`: passed, failed, crashed or not_started.
    public var status: String {
        switch outcome {
        case .passed: "passed"
        case .notDone: "not_started"
        case .failed: "failed"
        case .crashed: "crashed"
        }
    }
}

/// `text` with XML's five special characters escaped, and control characters other than tab and newline dropped.
func escapeXML(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        case "\t", "\n": escaped.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20: continue
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
