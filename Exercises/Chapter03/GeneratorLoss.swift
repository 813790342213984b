import TensorCore

extension Chapter03 {
    /// Exercise 3.2: the generator's non-saturating loss.
    ///
    /// `fakeScores` are D's probabilities `[B, 1]` for the generator's images. The original minimax game
    /// has G minimise mean(log(1 − D(G(z)))), whose gradient vanishes when D confidently rejects the fakes
    /// (D(G(z)) ≈ 0, exactly at the start of training). The non-saturating loss flips the target instead:
    ///
    ///     L_G = −mean(log D(G(z)))          (BCE against the label 1)
    ///
    /// Use tensor operations so that the gradient flows back into `fakeScores`.
    public static func generatorLoss(fakeScores: Tensor) throws -> Tensor {
        throw ExerciseNotDone("Exercise 3.2")
    }
}
