/// Checks that crash on purpose, one per way student code can die, for the tests of `CheckRunner`.
/// They are not in `Course.exercises`: only `exercises --check-one 0.k` runs them.
public enum CrashDrills {
    public static let exercises: [Exercise] = [
        drill(1, "An index out of range") { _ = [1, 2, 3][Int.random(in: 3...3)] },
        drill(2, "A fatalError") { fatalError("the drill's own message") },
        drill(3, "Endless recursion") { _ = recurse(1) },
        drill(4, "An endless loop") { while spin() {} },
        drill(5, "A check that passes") {},
    ]

    /// The file the drills' crashes point at.
    static let file = "Sources/ExerciseChecks/CrashDrills.swift"

    private static func drill(_ number: Int, _ title: String, _ body: @escaping @Sendable () throws -> Void) -> Exercise {
        Exercise(chapter: 0, number: number, title: title, file: file,
                 hints: ["a crash drill", "a crash drill", "a crash drill"], check: body)
    }
}

/// Recursion without a base case, opaque enough that the optimiser keeps every frame.
@inline(never) private func recurse(_ depth: Int) -> Int {
    var frame = [depth, depth &+ 1, depth &+ 2, depth &+ 3]
    frame[depth & 3] = recurse(depth &+ 1)
    return frame.reduce(0, &+)
}

/// Always true, without the compiler being able to tell.
@inline(never) private func spin() -> Bool { Int.random(in: 0...1) < 2 }
