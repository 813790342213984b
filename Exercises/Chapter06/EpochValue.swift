extension Chapter06 {
    /// Exercise 6.2: the epoch value of a metric logged once per batch with `log(…, onEpoch: true)`.
    ///
    /// `values[i]` was logged for a batch of `batchSizes[i]` images. Lightning reduces them to the mean
    /// **weighted by batch size**, so a short last batch counts for only the images it holds. Return nil when
    /// nothing was logged (empty arrays). The two arrays have the same length and every batch size is positive.
    public static func epochValue(values: [Double], batchSizes: [Int]) throws -> Double? {
        throw ExerciseNotDone("Exercise 6.2")
    }
}
