/// Thrown by an exercise that has not been written yet. Replace the `throw` with your answer.
///
/// `Exercises/Support/` and `Solutions/Support/` define this type identically, so the checks
/// compile against either target.
public struct ExerciseNotDone: Error, CustomStringConvertible {
    /// The exercise's number, e.g. "Exercise 1.2".
    public let exercise: String

    public init(_ exercise: String) { self.exercise = exercise }

    public var description: String { "\(exercise) is not done yet (it still throws ExerciseNotDone)" }
}
