import ExerciseChecks
import Foundation
import Testing

/// The `exercises` executable beside this test bundle runs each check in a child process, so that a crash
/// in the student's code fails only its own test (nil if it was not built: then checks run in this process).
let checkRunner: CheckRunner? = Bundle.main.executableURL
    .flatMap(CheckRunner.executable(besides:))
    .map { CheckRunner(executable: $0) }

/// The package's root folder, for pointing test issues at the files students edit.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs exercise `id`'s check (in a child process) and, when it does not pass, records one test issue
/// located in the student's file: the exercise, the file to edit, expected vs got (or the crash and its
/// line), and the first hint. The same message `swift run exercises` shows.
func expectPasses(_ id: String) {
    guard let exercise = Course.exercise(id) else {
        Issue.record("There is no exercise \(id) in Course.exercises")
        return
    }
    let result = checkRunner?.run(exercise) ?? exercise.runHere()
    guard !result.passed else { return }
    let comment = "\(result.message)\nHint 1 of \(Exercise.hintLevels), a nudge: \(exercise.nudge)\n"
        + "More hints: swift run exercises --hint \(exercise.id)"
    Issue.record(Comment(rawValue: comment), sourceLocation: studentLocation(of: result))
}

/// The student's file, at the line a crash points to, else its first line.
private func studentLocation(of result: ExerciseResult) -> SourceLocation {
    let file = result.exercise.file
    var line = 1
    if case .crashed(let reason) = result.outcome, let range = reason.range(of: file + ":") {
        line = Int(reason[range.upperBound...].prefix { $0.isNumber }) ?? 1
    }
    let name = URL(fileURLWithPath: file).lastPathComponent
    return SourceLocation(fileID: "Exercises/\(name)", filePath: packageRoot.appendingPathComponent(file).path, line: line, column: 1)
}
