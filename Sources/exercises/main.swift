// `swift run exercises`: which exercises are done, and what to do next.
// `swift run exercises --hint 1.3`: the next hint of one exercise.
// `swift run exercises --json`, `--junit FILE`: the results for an autograder.
// `swift run --traits Solutions exercises`: the same against the reference answers.
import ArgumentParser
import ExerciseChecks
import Foundation

struct Exercises: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "Check the course's exercises and show what to do next.",
        discussion: """
        Checks every exercise in order, each in its own process (a crash or an endless loop in your code fails \
        only that exercise), prints a table of what is done, and shows what is wrong with the first exercise \
        that is not, with its first hint.

        Hints come in three levels: a nudge (which idea, and where in the chapter), the formula or plan, and \
        the code. `--hint N.k` shows one more level each time you ask; the levels you have seen are kept in \
        .build/exercise-hints.json.

        For autograders: --json prints one entry per exercise (status passed, failed, crashed or not_started, \
        with its message) and the score; --junit FILE writes the same as JUnit XML. The exit status is 0 \
        whenever the report was made, whatever the score.
        """)

    @Option(help: ArgumentHelp("Show the next hint of one exercise, e.g. --hint 2.3.", valueName: "number"))
    var hint: String?

    @Option(help: "With --hint: show the hints up to this level (1 a nudge, 2 the formula or plan, 3 the code).")
    var level: Int?

    @Flag(help: "Print the results as JSON (one entry per exercise, and the score) instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(help: "Seconds a check may run before it counts as an endless loop.")
    var timeout: Double = CheckRunner.defaultTimeout

    @Option(help: ArgumentHelp("Run one check in this process and print its outcome (used by the runner itself).", visibility: .private))
    var checkOne: String?

    func validate() throws {
        if let level, !(1...Exercise.hintLevels).contains(level) {
            throw ValidationError("--level must be 1, 2 or 3 (1 a nudge, 2 the formula or plan, 3 the code), got \(level)")
        }
        if level != nil && hint == nil { throw ValidationError("--level goes with --hint, e.g. --hint 3.2 --level 2") }
        if hint != nil && (json || junit != nil) { throw ValidationError("--hint shows a hint; give it without --json or --junit") }
        if let id = hint ?? checkOne, exercise(id) == nil { throw ValidationError(unknownExerciseText(id)) }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
        if let junit {
            let folder = URL(fileURLWithPath: junit).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--junit \(junit): the folder \(folder) does not exist")
            }
        }
    }

    func run() throws {
        if let checkOne {
            print(ChildReport(exercise(checkOne)!.runHere().outcome).line)
            return
        }
        if let hint {
            var levels = HintLevels()
            let shown = levels.reveal(hint, requested: level)
            print(hintText(for: exercise(hint)!, upTo: shown, next: levels.next(hint)))
            do { try levels.save() } catch {
                print("(Could not remember the hint level in \(levels.file.path): \(error.localizedDescription))")
            }
            return
        }
        let runner = Bundle.main.executableURL.map { CheckRunner(executable: $0, timeout: timeout) }
        let results = json ? checkAll(Course.exercises, runner: runner) : printProgress(runner: runner)
        let report = GradeReport(results: results)
        if json { print(report.json) }
        if let junit {
            try Data(report.junitXML.utf8).write(to: URL(fileURLWithPath: junit), options: .atomic)
            if !json { print("\nWrote the results as JUnit XML to \(junit).") }
        }
    }

    /// An exercise of the course, or one of the crash drills the runner's tests use.
    func exercise(_ id: String) -> Exercise? { Course.exercise(id) ?? CrashDrills.exercises.first { $0.id == id } }
}

Exercises.main()
