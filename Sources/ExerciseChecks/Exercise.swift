#if Solutions
import Solutions
#else
import Exercises
#endif

/// One exercise of the course: where the student writes it, three graded hints, and the check it must pass.
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
/// 3. **Check** in `Sources/ExerciseChecks/ChapterNNChecks.swift`: an `Exercise(chapter:number:title:file:hints:check:)`
///    in the `chapterNNExercises` list. `hints` holds exactly three levels, shown one at a time:
///    1. a **nudge**: which idea, and where in the chapter (section name) it is explained; never the formula or code;
///    2. the **formula or plan**: the maths or the steps, in words and symbols, still not the Swift;
///    3. the **code**: the body of the answer (it may differ from `Solutions/` in small ways).
///    Failures and `swift run exercises` show level 1 only; `swift run exercises --hint N.k` reveals the next level.
///    `check` calls the function on several cases, edge cases included, and compares with an independent
///    reference (hand-computed values, TensorCore ops, `gradcheck`) through `expectEqual`, `expectClose`,
///    `expectThrows`. Call the student's function before anything that could crash on a wrong answer, so that a
///    stub reports "to do", not a crash (a crash is still caught: each check runs in a child process).
/// 4. **Test** in `Tests/ExerciseTests/ExerciseNNTests.swift`: `@Suite(.serialized) struct ExerciseNN` with
///    one `@Test` per exercise calling `expectPasses("N.k")`.
/// 5. `Course.exercises` already concatenates `chapter01Exercises` … `chapter04Exercises`; the
///    `exercises` command and the tests pick the new exercise up from there.
///
/// Where the exercise implements a piece of the chapter, let `--use-exercises` run the student's version: in the
/// chapter's `StudentCode.swift` (see chapters 3 and 4), `StudentCode.use(exercise:piece:file:enabled:probe:)` tries
/// it on a small case and says whether it is used or still a stub; the chapter target lists `studentCode` among its
/// dependencies in `Package.swift`.
public struct Exercise: Sendable {
    public let chapter: Int
    public let number: Int
    public let title: String
    /// The file the student edits, relative to the package root, e.g. `Exercises/Chapter01/BroadcastShape.swift`.
    public let file: String
    /// Three graded hints: [nudge (which idea, where in the chapter), formula or plan, code].
    /// Failures show the nudge; `swift run exercises --hint N.k` reveals one more level each time.
    public let hints: [String]
    /// Calls the student's code and throws `CheckFailure` (expected vs got) when an answer is wrong.
    let check: @Sendable () throws -> Void

    init(chapter: Int, number: Int, title: String, file: String, hints: [String], check: @escaping @Sendable () throws -> Void) {
        precondition(hints.count == Exercise.hintLevels, "Exercise \(chapter).\(number) needs \(Exercise.hintLevels) hints (nudge, formula or plan, code), not \(hints.count)")
        self.chapter = chapter
        self.number = number
        self.title = title
        self.file = file
        self.hints = hints
        self.check = check
    }

    /// How many hint levels every exercise has: 1 nudge, 2 formula or plan, 3 code.
    public static let hintLevels = 3

    /// The nudge: the only hint shown unasked.
    public var nudge: String { hints[0] }

    /// The hint of `level` (1…3), clamped to the levels there are.
    public func hint(level: Int) -> String { hints[min(max(level, 1), hints.count) - 1] }

    /// "1.2".
    public var id: String { "\(chapter).\(number)" }

    /// Runs the check in this process against the student's code (or the solutions, with `--traits Solutions`).
    /// A crash here takes the process down: `CheckRunner` calls this in a child process instead.
    public func runHere() -> ExerciseResult {
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
        /// The check's process crashed or ran out of time; the message says why and where,
        /// e.g. "Index out of range at Exercises/Chapter01/NaiveMatmul.swift:13".
        case crashed(String)
    }

    public let exercise: Exercise
    public let outcome: Outcome
    /// How long the check took, in seconds (0 when not measured).
    public var seconds: Double = 0

    public init(exercise: Exercise, outcome: Outcome, seconds: Double = 0) {
        self.exercise = exercise
        self.outcome = outcome
        self.seconds = seconds
    }

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
        case .crashed(let reason):
            return "Exercise \(exercise.id) crashed: \(reason)\n(\(exercise.title): edit \(exercise.file).)"
        }
    }
}
