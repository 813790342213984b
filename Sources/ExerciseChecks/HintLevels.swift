import Foundation

/// How far each exercise's hints have been revealed, remembered between runs of `swift run exercises --hint`
/// in a small JSON file (by default `.build/exercise-hints.json` in the package: `.gitignore` covers `.build/`).
public struct HintLevels {
    /// The file the levels are kept in.
    public let file: URL
    /// The highest level shown so far, per exercise id; 1 (the nudge every failure shows) when absent.
    public private(set) var revealed: [String: Int]

    /// `.build/exercise-hints.json` in the package this source file belongs to.
    public static var defaultFile: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/exercise-hints.json")
    }

    /// The levels stored in `file`; none when it does not exist yet, or is unreadable (it is only a convenience).
    public init(file: URL = HintLevels.defaultFile) {
        self.file = file
        let data = try? Data(contentsOf: file)
        revealed = data.flatMap { try? JSONDecoder().decode([String: Int].self, from: $0) } ?? [:]
    }

    /// The level `--hint` shows for `id` now: one more than last time (the first time: level 2, after the free nudge),
    /// or `requested` when `--level` is given; at most the levels there are.
    public mutating func reveal(_ id: String, requested: Int? = nil) -> Int {
        let level = min(Exercise.hintLevels, max(1, requested ?? (revealed[id] ?? 1) + 1))
        revealed[id] = max(revealed[id] ?? 1, level)
        return level
    }

    /// The level the next `--hint` for `id` will show.
    public func next(_ id: String) -> Int { min(Exercise.hintLevels, (revealed[id] ?? 1) + 1) }

    /// Writes the levels to `file`, atomically.
    public func save() throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(revealed).write(to: file, options: .atomic)
    }
}

/// What each hint level is, for the text around it.
let hintLevelNames = ["a nudge", "the formula or plan", "the code"]

/// The hints of `exercise` up to `level`, each under its heading, and how to see level `next` (by default the one after `level`).
public func hintText(for exercise: Exercise, upTo level: Int, next: Int? = nil) -> String {
    let next = next ?? level + 1
    var text = "Exercise \(exercise.id): \(exercise.title) (edit \(exercise.file))\n"
    for shown in 1...level {
        text += "\nHint \(shown) of \(Exercise.hintLevels), \(hintLevelNames[shown - 1]):\n\(exercise.hint(level: shown))\n"
    }
    if level < Exercise.hintLevels {
        text += "\nStuck still? `swift run exercises --hint \(exercise.id)` again shows hint \(next), \(hintLevelNames[next - 1])."
    } else {
        text += "\nThat was the last hint. Type the code yourself rather than pasting it, and read the check's message if it still fails."
    }
    return text
}

/// "There is no exercise 9.9 …", listing the valid numbers.
public func unknownExerciseText(_ id: String) -> String {
    "There is no exercise \(id). Exercises are numbered " + Course.exercises.map(\.id).joined(separator: ", ") + "."
}
