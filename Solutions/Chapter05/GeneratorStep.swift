import Foundation

extension Chapter05 {
    /// Exercise 5.5: the combined model's generator loss and its gradient.
    ///
    /// `combined.trainOnBatch(z, 1)` scores G's images with the frozen D and uses binary cross-entropy against the
    /// label 1. `logits` are D's last-layer values ℓᵢ for the batch, so D(G(zᵢ)) = σ(ℓᵢ). Return the loss
    /// mean −log σ(ℓᵢ) (no clipping needed here: compute −log σ(ℓ) stably) and its derivative with respect to each ℓᵢ.
    public static func generatorLossAndGradient(logits: [Double]) throws -> GeneratorLossAndGradient {
        let n = Double(logits.count)
        // −log σ(ℓ) = softplus(−ℓ) = max(−ℓ, 0) + log(1 + e^−|ℓ|); its derivative is −(1 − σ(ℓ)) = −σ(−ℓ).
        let loss = logits.map { max(-$0, 0) + log1p(exp(-abs($0))) }.reduce(0, +) / n
        let gradient = logits.map { l -> Double in
            let sigmoidOfMinus = l <= 0 ? 1 / (1 + exp(l)) : exp(-l) / (1 + exp(-l))
            return -sigmoidOfMinus / n
        }
        return GeneratorLossAndGradient(loss: loss, logitGradient: gradient)
    }
}
