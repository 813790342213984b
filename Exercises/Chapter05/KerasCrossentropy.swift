import Foundation

extension Chapter05 {
    /// Exercise 5.4: Keras's binary cross-entropy on probabilities.
    ///
    /// Keras first clips every prediction to [ε, 1 − ε] with ε = 1e-7, then averages
    /// −[y·log p + (1 − y)·log(1 − p)] over all pairs. Return that mean for `predictions` and `targets`
    /// (same length, at least one pair).
    public static func kerasBinaryCrossentropy(predictions: [Double], targets: [Double]) throws -> Double {
        throw ExerciseNotDone("Exercise 5.4")
    }
}
