/// The exercises of chapter 6 (Lightning-style structured training), one file per exercise:
/// `Chapter06.randomSplitIndices(count:lengths:seed:)`, `Chapter06.epochValue(values:batchSizes:)`,
/// `Chapter06.keptCheckpoints(scores:topK:lowerIsBetter:)`, `Chapter06.manualOptimizationStep(…)`.
public enum Chapter06 {}

/// Lengths that cannot split the dataset (exercise 6.1).
public struct SplitError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
