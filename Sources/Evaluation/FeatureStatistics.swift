import TensorCore

/// The mean and covariance of a set of feature vectors, in `Double`: the Gaussian a Fréchet distance compares.
public struct FeatureStatistics: Sendable {
    /// The mean feature vector (d values).
    public let mean: [Double]
    /// The d × d covariance, row-major, with the unbiased 1 / (n − 1) normalisation (NumPy's `np.cov`).
    public let covariance: [Double]
    /// How many vectors were summarised.
    public let count: Int

    /// The feature dimension d.
    public var dimension: Int { mean.count }

    public init(mean: [Double], covariance: [Double], count: Int) {
        require(covariance.count == mean.count * mean.count,
                     "FeatureStatistics: a \(mean.count)-dimensional mean needs \(mean.count * mean.count) covariance values, got \(covariance.count)")
        self.mean = mean
        self.covariance = covariance
        self.count = count
    }

    /// The statistics of the rows of `features`, an `[n, d]` tensor with n ≥ 2.
    public init(features: Tensor) {
        require(features.rank == 2 && features.shape[0] >= 2,
                     "FeatureStatistics: expected [n, d] features with n ≥ 2, got shape \(features.shape)")
        let (n, d) = (features.shape[0], features.shape[1])
        let x = features.doubles
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        var centred = x
        for i in 0..<n { for j in 0..<d { centred[i * d + j] -= mean[j] } }
        var covariance = [Double](repeating: 0, count: d * d)
        centred.withUnsafeBufferPointer { c in
            covariance.withUnsafeMutableBufferPointer { s in
                Double.gemm(transA: true, transB: false, m: d, n: d, k: n, alpha: 1 / Double(n - 1),
                            a: c.baseAddress!, lda: d,
                            b: c.baseAddress!, ldb: d,
                            beta: 0, c: s.baseAddress!, ldc: d)
            }
        }
        self.init(mean: mean, covariance: covariance, count: n)
    }
}
