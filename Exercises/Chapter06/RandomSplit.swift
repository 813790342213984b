import TensorCore

extension Chapter06 {
    /// Exercise 6.1: a seeded random split, like `torch.utils.data.random_split(range(count), lengths)`.
    ///
    /// Return one array of indices per entry of `lengths`, with exactly `lengths[i]` indices in part i: together
    /// the parts hold every index of `0..<count` exactly once, in a random order drawn from
    /// `SeededGenerator(seed: seed)`, so that the same seed always gives the same split and another seed
    /// (almost always) another. Throw `SplitError` when the lengths are negative or do not add up to `count`.
    public static func randomSplitIndices(count: Int, lengths: [Int], seed: UInt64) throws -> [[Int]] {
        throw ExerciseNotDone("Exercise 6.1")
    }
}
