#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport

/// With `--use-exercises`, the student's exercise 6.1 (the seeded random split) splits the data module's images;
/// nil where the library's `randomSplit` does.
func studentSplit(useExercises: Bool) -> ((_ count: Int, _ lengths: [Int], _ seed: UInt64) throws -> [[Int]])? {
    // On a small case: a split is right when its parts have the asked lengths and hold every index once.
    // The order within the parts may differ from the library's; that is still a correct split.
    let used = StudentCode.use(exercise: "6.1", piece: "random split", file: "\(studentFolder)/Chapter06/RandomSplit.swift",
                               enabled: useExercises, probe: {
                                   let lengths = [9, 3, 0]
                                   let parts = try Chapter06.randomSplitIndices(count: 12, lengths: lengths, seed: 5)
                                   let rightLengths = parts.map(\.count) == lengths
                                   let everyIndexOnce = parts.flatMap { $0 }.sorted() == Array(0..<12)
                                   return rightLengths && everyIndexOnce ? 0 : 1
                               })
    guard used else { return nil }
    return { count, lengths, seed in try Chapter06.randomSplitIndices(count: count, lengths: lengths, seed: seed) }
}
