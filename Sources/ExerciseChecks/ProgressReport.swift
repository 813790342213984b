import Foundation

/// Runs `exercises` one after another, each through `runner` (in a child process) or, without one, in this
/// process, calling `each` with every result as it comes.
public func checkAll(_ exercises: [Exercise], runner: CheckRunner?, each: (ExerciseResult) -> Void = { _ in }) -> [ExerciseResult] {
    exercises.map { exercise in
        let start = Date()
        var result = runner?.run(exercise) ?? exercise.runHere()
        result.seconds = Date().timeIntervalSince(start)
        each(result)
        return result
    }
}

/// Prints the rustlings-style summary of `swift run exercises`: a table of every exercise with its
/// status, then, for the first one not done, what went wrong and its first hint (the nudge).
///
/// Each row is printed as soon as its check has run; a crash fails only its own row (the checks run
/// through `runner` in child processes). Returns the results.
@discardableResult
public func printProgress(of exercises: [Exercise] = Course.exercises, runner: CheckRunner?) -> [ExerciseResult] {
    let header = ["#", "exercise", "file"]
    let widths = header.indices.map { column in
        ([header[column]] + exercises.map { cells($0)[column] }).map(\.count).max() ?? 0
    }
    func row(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  "
    }
    print("Exercises, checked against \(Course.checkedFolder)\n")
    print(row(header) + "status")
    fflush(nil)
    let results = checkAll(exercises, runner: runner) { result in
        print(row(cells(result.exercise)) + status(result.outcome))
        fflush(nil)
    }
    let done = results.filter(\.passed).count
    let filled = exercises.isEmpty ? 0 : 30 * done / exercises.count
    print("\nProgress: [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] \(done)/\(exercises.count) done")
    if let next = results.first(where: { !$0.passed }) {
        print("\nNext: \(next.message)\n\nHint 1 of \(Exercise.hintLevels), a nudge: \(next.exercise.nudge)\n")
        let others = results.filter { $0.exercise.id != next.exercise.id && $0.outcome != .notDone && !$0.passed }
        if !others.isEmpty {
            print("Also not passing:\n" + others.map { "  " + ($0.message.split(separator: "\n").first.map(String.init) ?? "") }.joined(separator: "\n") + "\n")
        }
        print("Run its chapter's tests with `swift test --filter \(testSuiteName(chapter: next.exercise.chapter))`; "
              + "reveal the next hint with `swift run exercises --hint \(next.exercise.id)`.")
    } else if !exercises.isEmpty {
        print("\nAll exercises pass. Well done!")
    }
    return results
}

/// "Exercise03": the test suite of a chapter's exercises.
public func testSuiteName(chapter: Int) -> String { chapter < 10 ? "Exercise0\(chapter)" : "Exercise\(chapter)" }

private func cells(_ exercise: Exercise) -> [String] { [exercise.id, exercise.title, exercise.file] }

private func status(_ outcome: ExerciseResult.Outcome) -> String {
    switch outcome {
    case .passed: "done"
    case .notDone: "to do"
    case .failed: "failing"
    case .crashed: "crashed"
    }
}
