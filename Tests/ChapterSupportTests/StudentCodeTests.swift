import ChapterSupport
import Testing

/// `--use-exercises`: the student's piece is used when it runs, never when it is a stub or throws.
@Suite struct StudentCodeTests {
    /// Stands for the exercises' own `ExerciseNotDone` (recognised by its name; ChapterSupport cannot import Exercises).
    struct ExerciseNotDone: Error {}
    struct SomethingElse: Error {}

    @Test func onlyWithTheFlagAndOnlyWhenItRuns() {
        var probed = false
        #expect(!StudentCode.use(exercise: "9.1", piece: "loss", file: "Exercises/X.swift", enabled: false) { probed = true; return 0 })
        #expect(!probed, "without --use-exercises the student's code is not even called")
        #expect(StudentCode.use(exercise: "9.1", piece: "loss", file: "Exercises/X.swift", enabled: true) { 0 })
        #expect(StudentCode.use(exercise: "9.1", piece: "loss", file: "Exercises/X.swift", enabled: true) { 0.5 },
                "a wrong answer is still used (with a note): the run shows what it does")
        #expect(!StudentCode.use(exercise: "9.1", piece: "loss", file: "Exercises/X.swift", enabled: true) { throw ExerciseNotDone() })
        #expect(!StudentCode.use(exercise: "9.1", piece: "loss", file: "Exercises/X.swift", enabled: true) { throw SomethingElse() })
    }
}
