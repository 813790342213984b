import Foundation

/// Prints the rustlings-style summary of `swift run exercises`: a table of every exercise with its
/// status, then, for the first one not done, what went wrong and its hint.
///
/// Each row is printed as soon as its check has run, and its first columns before the check starts,
/// so that if a wrong answer crashes (an array index out of range), the last line names the exercise.
/// Returns the results.
@discardableResult
public func printProgress(of exercises: [Exercise] = Course.exercises) -> [ExerciseResult] {
    let header = ["#", "exercise", "file"]
    let widths = header.indices.map { column in
        ([header[column]] + exercises.map { cells($0)[column] }).map(\.count).max() ?? 0
    }
    func row(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  "
    }
    print("Exercises, checked against \(Course.checkedFolder)\n")
    print(row(header) + "status")
    var results: [ExerciseResult] = []
    for exercise in exercises {
        print(row(cells(exercise)), terminator: "")
        fflush(nil)  // shows the row even if the check crashes
        let result = exercise.run()
        print(status(result.outcome))
        results.append(result)
    }
    let done = results.filter(\.passed).count
    let filled = exercises.isEmpty ? 0 : 30 * done / exercises.count
    print("\nProgress: [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] \(done)/\(exercises.count) done")
    if let next = results.first(where: { !$0.passed }) {
        let chapter = next.exercise.chapter < 10 ? "0\(next.exercise.chapter)" : "\(next.exercise.chapter)"
        print("\nNext: \(next.message)\n\nHint: \(next.exercise.hint)\n")
        print("Run the chapter's tests with `swift test --filter Exercise\(chapter)`; see any hint with `swift run exercises --hint \(next.exercise.id)`.")
    } else if !exercises.isEmpty {
        print("\nAll exercises pass. Well done!")
    }
    return results
}

/// The hint for exercise `id`, or a message listing the valid numbers.
public func hintText(for id: String) -> String {
    guard let exercise = Course.exercise(id) else {
        return "There is no exercise \(id). Exercises are numbered " + Course.exercises.map(\.id).joined(separator: ", ") + "."
    }
    return "Exercise \(exercise.id): \(exercise.title) (\(exercise.file))\nHint: \(exercise.hint)"
}

private func cells(_ exercise: Exercise) -> [String] { [exercise.id, exercise.title, exercise.file] }

private func status(_ outcome: ExerciseResult.Outcome) -> String {
    switch outcome {
    case .passed: "done"
    case .notDone: "to do"
    case .failed: "failing"
    }
}
