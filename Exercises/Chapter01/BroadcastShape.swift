extension Chapter01 {
    /// Exercise 1.1: the broadcasting rule.
    ///
    /// Returns the shape that `a` and `b` broadcast to, or `nil` when they cannot be broadcast.
    /// Align the shapes on the right; a missing axis counts as size 1; two sizes are compatible
    /// when they are equal or one of them is 1, and the result takes the other one.
    ///
    ///     broadcastShape([4, 1, 3], [5, 1]) == [4, 5, 3]
    ///     broadcastShape([2, 3], [4])       == nil
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int]? {
        throw ExerciseNotDone("Exercise 1.1")
    }
}
