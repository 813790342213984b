import ExerciseChecks
import Testing

/// Runs exercise `id`'s check and records a test issue naming the exercise, the file to edit and
/// expected vs got when it does not pass (the same message `swift run exercises` shows).
func expectPasses(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let exercise = Course.exercise(id) else {
        Issue.record("There is no exercise \(id) in Course.exercises", sourceLocation: sourceLocation)
        return
    }
    let result = exercise.run()
    if !result.passed {
        Issue.record("\(result.message)\nHint: \(exercise.hint)", sourceLocation: sourceLocation)
    }
}
