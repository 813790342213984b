#if Solutions
import Solutions
#else
import Exercises
#endif

/// One exercise of the course: where the student writes it, a hint, and the check it must pass.
///
/// # Adding an exercise (for course authors)
///
/// Exercise `N.k` of chapter `N` takes five small pieces; follow chapters 1 and 2:
///
/// 1. **Stub** `Exercises/ChapterNN/Name.swift`: `extension ChapterNN { public static func name(…) throws -> … }`
///    with a doc comment that states the task, whose body is only `throw ExerciseNotDone("Exercise N.k")`.
///    The chapter's namespace is declared once in `Exercises/ChapterNN/ChapterNN.swift` (`public enum ChapterNN {}`).
/// 2. **Solution** `Solutions/ChapterNN/Name.swift`: the same declaration and doc comment, with the answer.
///    `Exercises` and `Solutions` must expose the same API (build with and without `--traits Solutions`).
/// 3. **Check** in `Sources/ExerciseChecks/ChapterNNChecks.swift`: an `Exercise(chapter:number:title:file:hint:)`
///    in the `chapterNNExercises` list, whose `check` calls the function on several cases, edge cases
///    included, and compares with an independent reference (hand-computed values, TensorCore ops,
///    `gradcheck`) through `expectEqual`, `expectClose`, `expectThrows`. Call the student's function
///    before anything that could crash on a wrong answer, so that a stub reports "to do", not a crash.
/// 4. **Test** in `Tests/ExerciseTests/ExerciseNNTests.swift`: `@Suite(.serialized) struct ExerciseNN` with
///    one `@Test` per exercise calling `expectPasses("N.k")`.
/// 5. `Course.exercises` already concatenates `chapter01Exercises` … `chapter04Exercises`; the
///    `exercises` command and the tests pick the new exercise up from there.
public struct Exercise: Sendable {
    public let chapter: Int
    public let number: Int
    public let title: String
    /// The file the student edits, relative to the package root, e.g. `Exercises/Chapter01/BroadcastShape.swift`.
    public let file: String
    /// Shown by `swift run exercises --hint N.k` and under the first exercise not done.
    public let hint: String
    /// Calls the student's code and throws `CheckFailure` (expected vs got) when an answer is wrong.
    let check: @Sendable () throws -> Void

    init(chapter: Int, number: Int, title: String, file: String, hint: String, check: @escaping @Sendable () throws -> Void) {
        self.chapter = chapter
        self.number = number
        self.title = title
        self.file = file
        self.hint = hint
        self.check = check
    }

    /// "1.2".
    public var id: String { "\(chapter).\(number)" }

    /// Runs the check against the student's code (or the solutions, with `--traits Solutions`).
    public func run() -> ExerciseResult {
        do {
            try check()
            return ExerciseResult(exercise: self, outcome: .passed)
        } catch is ExerciseNotDone {
            return ExerciseResult(exercise: self, outcome: .notDone)
        } catch let failure as CheckFailure {
            return ExerciseResult(exercise: self, outcome: .failed(failure.message))
        } catch {
            return ExerciseResult(exercise: self, outcome: .failed("your code threw \(type(of: error)): \(error)"))
        }
    }
}

/// What happened when an exercise was checked.
public struct ExerciseResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case passed
        /// The stub still throws `ExerciseNotDone`.
        case notDone
        /// The answer is wrong; the message says which case, what was expected and what came back.
        case failed(String)
    }

    public let exercise: Exercise
    public let outcome: Outcome

    public var passed: Bool { outcome == .passed }

    /// A message naming the exercise, the file to edit and, for a wrong answer, expected vs got.
    public var message: String {
        let name = "Exercise \(exercise.id) (\(exercise.title))"
        switch outcome {
        case .passed:
            return "\(name) passes."
        case .notDone:
            return "\(name) is not done yet: write your answer in \(exercise.file) (it still throws ExerciseNotDone)."
        case .failed(let details):
            return "\(name) fails: edit \(exercise.file).\n\(details)"
        }
    }
}
