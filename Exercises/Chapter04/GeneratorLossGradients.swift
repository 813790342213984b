import Foundation

extension Chapter04 {
    /// Exercise 4.4: how hard each generator loss pushes, as a derivative with respect to the logit.
    ///
    /// For a fake sample the discriminator outputs D = σ(ℓ). Return the derivatives with respect to ℓ of
    /// - the saturating loss `log(1 − σ(ℓ))` (the generator minimises it; it is the minimax game's own term),
    /// - the non-saturating loss `−log σ(ℓ)` (the generator minimises it instead, as in practice).
    ///
    /// Use σ'(ℓ) = σ(ℓ)(1 − σ(ℓ)) and simplify: both answers are one-liners in σ(ℓ). Compute σ(ℓ)
    /// so that it does not overflow for ℓ = ±1000.
    public static func generatorLossGradients(logit: Double) throws -> GeneratorLossGradients {
        throw ExerciseNotDone("Exercise 4.4")
    }
}
