extension Chapter03 {
    /// Exercise 3.5: when to print progress, without the tutorials' precedence bug.
    ///
    /// Batches are numbered from 0. Return true after every `every`-th batch: for `every` = 100, at batch
    /// indices 99, 199, 299, …. (The tutorials' `batch_idx + 1 % 100 == 0` reads `batch_idx + (1 % 100) == 0`
    /// and never fires.)
    public static func shouldLog(batchIndex: Int, every: Int) throws -> Bool {
        throw ExerciseNotDone("Exercise 3.5")
    }
}
