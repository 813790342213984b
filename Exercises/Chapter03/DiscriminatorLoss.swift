import TensorCore

extension Chapter03 {
    /// Exercise 3.1: the discriminator's loss, written with tensor operations (not `BCELoss`).
    ///
    /// `realScores` and `fakeScores` are D's probabilities (after its Sigmoid) for a batch of real and
    /// a batch of fake images, each `[B, 1]`. D should say `realLabel` (1, or 0.9 with label smoothing)
    /// to real images and 0 to fakes, so the loss is the sum of two binary cross-entropies, each a mean:
    ///
    ///     L_D = −mean(y·log p_real + (1 − y)·log(1 − p_real)) − mean(log(1 − p_fake)),   y = realLabel
    ///
    /// Use `log()`, `mean()`, `*`, `-` on tensors so that gradients flow to both inputs. Probabilities
    /// are strictly between 0 and 1 in the checks.
    public static func discriminatorLoss(realScores: Tensor, fakeScores: Tensor, realLabel: Double = 1) throws -> Tensor {
        throw ExerciseNotDone("Exercise 3.1")
    }
}
