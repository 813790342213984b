/// The rustlings-style summary printed by `swift run exercises`: a table of every exercise with
/// its status, then, for the first one not done, what went wrong and its hint.
public struct ProgressReport: Sendable {
    public let results: [ExerciseResult]

    /// Checks every exercise in order.
    public init(checking exercises: [Exercise] = Course.exercises) {
        results = exercises.map { $0.run() }
    }

    /// The first exercise that does not pass yet.
    public var next: ExerciseResult? { results.first { !$0.passed } }

    public var doneCount: Int { results.filter(\.passed).count }

    public var text: String {
        let rows = results.map { result -> [String] in
            let status = switch result.outcome {
            case .passed: "done"
            case .notDone: "to do"
            case .failed: "failing"
            }
            return [result.exercise.id, result.exercise.title, result.exercise.file, status]
        }
        var lines = ["Exercises, checked against \(Course.checkedFolder)", ""]
        lines += alignedRows([["#", "exercise", "file", "status"]] + rows)
        let total = results.count
        let filled = total == 0 ? 0 : 30 * doneCount / total
        lines += ["", "Progress: [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] \(doneCount)/\(total) done"]
        if let next {
            lines += ["", "Next: " + next.message, "", "Hint: " + next.exercise.hint, "",
                      "Run the chapter's tests with `swift test --filter Exercise\(twoDigits(next.exercise.chapter))`; " +
                      "see any hint with `swift run exercises --hint \(next.exercise.id)`."]
        } else if total > 0 {
            lines += ["", "All exercises pass. Well done!"]
        }
        return lines.joined(separator: "\n")
    }
}

/// The hint for exercise `id`, or a message listing the valid numbers.
public func hintText(for id: String) -> String {
    guard let exercise = Course.exercise(id) else {
        return "There is no exercise \(id). Exercises are numbered " + Course.exercises.map(\.id).joined(separator: ", ") + "."
    }
    return "Exercise \(exercise.id): \(exercise.title) (\(exercise.file))\nHint: \(exercise.hint)"
}

/// Left-aligned columns separated by two spaces.
private func alignedRows(_ rows: [[String]]) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .replacing(/\s+$/, with: "")
    }
}

private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

import Foundation
