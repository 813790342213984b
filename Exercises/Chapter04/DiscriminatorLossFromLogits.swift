import TensorCore

extension Chapter04 {
    /// Exercise 4.3: the discriminator's loss −V̂(D, G) from its logits, as binary cross-entropy.
    ///
    /// D(x) = σ(ℓ) for a logit ℓ. On a batch, V̂ = mean log D(x_real) + mean log(1 − D(x_fake)), and the
    /// discriminator minimises `−V̂ = BCE(real logits, label 1) + BCE(fake logits, label 0)`
    /// (each BCE a mean over its own batch). Return that scalar (shape `[]`), differentiable in both inputs.
    ///
    /// Do not compute `log(sigmoid(ℓ))`: for ℓ = −200 the sigmoid rounds to 0 and the log to −∞. Use
    /// −log σ(ℓ) = softplus(−ℓ) and −log(1 − σ(ℓ)) = softplus(ℓ), where `softplus()` is a stable tensor op.
    public static func discriminatorLoss(realLogits: Tensor, fakeLogits: Tensor) throws -> Tensor {
        throw ExerciseNotDone("Exercise 4.3")
    }
}
