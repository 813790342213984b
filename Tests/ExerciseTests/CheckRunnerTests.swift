@testable import ExerciseChecks
import Foundation
import Testing

/// A crash in one check fails only that check, with the reason and the line, through the same child-process
/// path `swift run exercises` and the exercise tests use (the crash drills are checks that crash on purpose).
@Suite(.serialized) struct CheckRunnerTests {
    let runner = try! #require(checkRunner, "the exercises executable is built beside the test bundle")

    func drill(_ number: Int) -> Exercise { CrashDrills.exercises[number - 1] }

    func crashReason(_ result: ExerciseResult) -> String? {
        if case .crashed(let reason) = result.outcome { return reason }
        return nil
    }

    @Test func indexOutOfRangeNamesTheReasonAndTheLine() throws {
        let reason = try #require(crashReason(runner.run(drill(1))))
        #expect(reason.hasPrefix("Index out of range at Sources/ExerciseChecks/CrashDrills.swift:"), "\(reason)")
        let message = ExerciseResult(exercise: drill(1), outcome: .crashed(reason)).message
        #expect(message.hasPrefix("Exercise 0.1 crashed: Index out of range at "))
    }

    @Test func fatalErrorKeepsItsMessage() throws {
        let reason = try #require(crashReason(runner.run(drill(2))))
        #expect(reason.hasPrefix("the drill's own message at Sources/ExerciseChecks/CrashDrills.swift:"), "\(reason)")
    }

    @Test func stackOverflowIsACrash() throws {
        let reason = try #require(crashReason(runner.run(drill(3))))
        #expect(reason.contains("stack overflow"), "\(reason)")
    }

    @Test func endlessLoopIsStoppedAfterTheTimeout() throws {
        let start = Date()
        let reason = try #require(crashReason(CheckRunner(executable: runner.executable, timeout: 2).run(drill(4))))
        #expect(reason == "still running after 2 s, so it was stopped (an endless loop?)")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func theChecksAfterACrashStillRun() {
        let results = checkAll([drill(1), drill(5), drill(2)], runner: runner)
        #expect(results.map(\.status) == ["crashed", "passed", "crashed"])
    }

    @Test("A check run in the child gives the same outcome as in this process", arguments: ["1.1", "2.5", "3.5", "4.2"])
    func childAgreesWithThisProcess(id: String) throws {
        let exercise = try #require(Course.exercise(id))
        #expect(runner.run(exercise).outcome == exercise.runHere().outcome)
    }

    @Test func crashDiagnosisReadsTheRuntimeReport() {
        let report = """
        Swift/ContiguousArrayBuffer.swift:691: Fatal error: Index out of range

        💣 Program crashed: Illegal instruction at 0x00007f0c5d9a1b2c
        0      0x00007f0c5d9a1b2c _assertionFailure(_:_:file:line:flags:) + 364 in libswiftCore.so
        1 [ra] 0x000055d5c1a0b3d4 static Chapter01.naiveMatmul(_:_:m:k:n:) + 612 in exercises at /home/s/course/Exercises/Chapter01/NaiveMatmul.swift:13:28
        2 [ra] 0x000055d5c1a0c000 checkNaiveMatmul() + 80 in exercises at /home/s/course/Sources/ExerciseChecks/Chapter01Checks.swift:200:5
        """
        let diagnosis = CrashDiagnosis(crashReport: report, signal: SIGILL, exitStatus: SIGILL, exerciseFile: "Exercises/Chapter01/NaiveMatmul.swift")
        #expect(diagnosis.summary == "Index out of range at Exercises/Chapter01/NaiveMatmul.swift:13")
        let segfault = CrashDiagnosis(crashReport: "💣 Program crashed: Bad pointer dereference at 0x00007ffd1\n", signal: SIGSEGV,
                                      exitStatus: SIGSEGV, exerciseFile: "Exercises/Chapter02/Sigmoid.swift")
        #expect(segfault.summary == "Bad pointer dereference (a stack overflow from endless recursion, or a bad pointer)")
        let silent = CrashDiagnosis(crashReport: "", signal: nil, exitStatus: 3, exerciseFile: "Exercises/Chapter02/Sigmoid.swift")
        #expect(silent.summary == "the check's process exited with status 3 before reporting a result")
    }
}
