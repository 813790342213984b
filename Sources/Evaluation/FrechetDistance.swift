import TensorCore

/// The Fréchet (2-Wasserstein) distance between the Gaussians N(μ₁, Σ₁) and N(μ₂, Σ₂):
///
///     d² = |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
///
/// This is FID's formula; with a small classifier's features instead of Inception's it is a "classifier FID".
/// Both square roots come from symmetric eigen-decompositions (Σ₁^½ Σ₂ Σ₁^½ is symmetric, unlike Σ₁Σ₂),
/// with tiny negative eigenvalues from rounding clamped to zero. In one dimension it is (μ₁ − μ₂)² + (σ₁ − σ₂)².
public func frechetDistance(_ a: FeatureStatistics, _ b: FeatureStatistics) -> Double {
    require(a.dimension == b.dimension,
                 "frechetDistance: the statistics have \(a.dimension) and \(b.dimension) dimensions; they must match")
    let n = a.dimension
    var meanTerm = 0.0
    for i in 0..<n { meanTerm += (a.mean[i] - b.mean[i]) * (a.mean[i] - b.mean[i]) }
    let rootA = SymmetricEigen(a.covariance, size: n).mapped { max($0, 0).squareRoot() }
    let product = multiply(multiply(rootA, b.covariance, n), rootA, n)
    let symmetric = (0..<(n * n)).map { k in (product[k] + product[(k % n) * n + k / n]) / 2 }
    let traceOfRoot = SymmetricEigen(symmetric, size: n).values.reduce(0) { $0 + max($1, 0).squareRoot() }
    var traces = 0.0
    for i in 0..<n { traces += a.covariance[i * n + i] + b.covariance[i * n + i] }
    return max(0, meanTerm + traces - 2 * traceOfRoot)
}

/// The product of two row-major n × n matrices.
private func multiply(_ x: [Double], _ y: [Double], _ n: Int) -> [Double] {
    var result = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for k in 0..<n {
            let xik = x[i * n + k]
            for j in 0..<n { result[i * n + j] += xik * y[k * n + j] }
        }
    }
    return result
}
