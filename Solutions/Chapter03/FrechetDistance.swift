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
        let n = meanA.count
        func multiply(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
            (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0) { $0 + x[i][$1] * y[$1][j] } } }
        }
        let rootA = squareRoot(covarianceA)
        let root = squareRoot(multiply(multiply(rootA, covarianceB), rootA))
        var distance = 0.0
        for i in 0..<n {
            distance += (meanA[i] - meanB[i]) * (meanA[i] - meanB[i])
            distance += covarianceA[i][i] + covarianceB[i][i] - 2 * root[i][i]
        }
        return distance
    }
}
