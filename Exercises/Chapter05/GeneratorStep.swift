import Foundation

extension Chapter05 {
    /// Exercise 5.5: the combined model's generator loss and its gradient.
    ///
    /// `combined.trainOnBatch(z, 1)` scores G's images with the frozen D and uses binary cross-entropy against the
    /// label 1. `logits` are D's last-layer values ℓᵢ for the batch, so D(G(zᵢ)) = σ(ℓᵢ). Return the loss
    /// mean −log σ(ℓᵢ) (no clipping needed here: compute −log σ(ℓ) stably) and its derivative with respect to each ℓᵢ.
    public static func generatorLossAndGradient(logits: [Double]) throws -> GeneratorLossAndGradient {
        throw ExerciseNotDone("Exercise 5.5")
    }
}
