@testable import ExerciseChecks
import Foundation
import Testing

/// Every exercise's hints go from a nudge to the formula to the code, and `--hint` reveals them one at a time.
@Suite struct HintTests {
    @Test("Three distinct hints; the nudge names the chapter and gives no line of the code", arguments: Course.exercises.map(\.id))
    func gradedHints(id: String) throws {
        let exercise = try #require(Course.exercise(id))
        #expect(exercise.hints.count == 3)
        #expect(Set(exercise.hints).count == 3, "the three levels differ")
        #expect(exercise.nudge.localizedCaseInsensitiveContains("chapter"), "the nudge says where in the chapter: \(exercise.nudge)")
        #expect(!exercise.nudge.contains("return "), "the nudge is not code: \(exercise.nudge)")
        let codeLines = exercise.hints[2].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 12 }
        for line in codeLines {
            #expect(!exercise.nudge.contains(line) && !exercise.hints[1].contains(line), "a line of the code appears in an earlier hint: \(line)")
        }
    }

    @Test func failuresShowTheNudgeOnly() throws {
        let exercise = try #require(Course.exercise("3.2"))
        for outcome in [ExerciseResult.Outcome.notDone, .failed("generatorLoss: expected 1, got 2"), .crashed("Index out of range")] {
            let message = ExerciseResult(exercise: exercise, outcome: outcome).message
            #expect(!message.contains(exercise.hints[1]) && !message.contains(exercise.hints[2]))
        }
    }

    @Test func eachAskRevealsTheNextLevelAndIsRemembered() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hint-levels-\(UUID().uuidString)/hints.json")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        var levels = HintLevels(file: file)
        #expect(levels.reveal("3.2") == 2)
        try levels.save()
        var again = HintLevels(file: file)
        #expect(again.reveal("3.2") == 3)
        #expect(again.reveal("3.2") == 3, "there is no fourth level")
        #expect(again.reveal("1.1") == 2, "each exercise has its own level")
        #expect(again.reveal("3.2", requested: 1) == 1, "--level shows exactly the level asked for")
        #expect(again.revealed["3.2"] == 3, "--level 1 does not forget what was seen")
    }

    @Test func hintTextShowsTheLevelsUpToTheOneAsked() throws {
        let exercise = try #require(Course.exercise("1.5"))
        let two = hintText(for: exercise, upTo: 2)
        #expect(two.contains(exercise.hints[0]) && two.contains(exercise.hints[1]) && !two.contains(exercise.hints[2]))
        #expect(two.contains("--hint 1.5"))
        #expect(hintText(for: exercise, upTo: 3).contains(exercise.hints[2]))
    }
}
