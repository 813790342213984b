extension Chapter03 {
    /// Exercise 3.4: the Fréchet distance between two Gaussians, the formula behind (classifier) FID.
    ///
    ///     d² = |μ_A − μ_B|² + Tr(Σ_A) + Tr(Σ_B) − 2·Tr((Σ_A^½ · Σ_B · Σ_A^½)^½)
    ///
    /// The means have d entries; the covariances are d × d (`covarianceA[i][j]`), symmetric and positive
    /// semi-definite. `squareRoot` returns the symmetric square root of such a matrix: call it for Σ_A^½,
    /// multiply Σ_A^½ · Σ_B · Σ_A^½ with your own loops, and call it again. In one dimension the result is
    /// (μ_A − μ_B)² + (σ_A − σ_B)².
    public static func frechetDistance(meanA: [Double], covarianceA: [[Double]], meanB: [Double], covarianceB: [[Double]],
                                       squareRoot: ([[Double]]) -> [[Double]]) throws -> Double {
        throw ExerciseNotDone("Exercise 3.4")
    }
}
