import Foundation
import Testing
import TensorCore
@testable import Evaluation

@Suite struct FrechetDistanceTests {
    /// Statistics of a Gaussian given directly (mean and row-major covariance).
    func gaussian(_ mean: [Double], _ covariance: [Double]) -> FeatureStatistics {
        FeatureStatistics(mean: mean, covariance: covariance, count: 1000)
    }

    @Test func distanceOfASetToItselfIsZero() {
        var generator = SeededGenerator(seed: 1)
        let features = Tensor.randn([300, 16], using: &generator) * Tensor.rand([16], using: &generator)
        let statistics = FeatureStatistics(features: features)
        #expect(abs(frechetDistance(statistics, statistics)) < 1e-8)
    }

    @Test func oneDimensionalGaussiansFollowTheClosedForm() {
        for (m1, s1, m2, s2) in [(0.0, 1.0, 0.0, 1.0), (1.0, 2.0, -0.5, 0.5), (3.0, 0.1, 3.0, 4.0)] {
            let got = frechetDistance(gaussian([m1], [s1 * s1]), gaussian([m2], [s2 * s2]))
            let expected = (m1 - m2) * (m1 - m2) + (s1 - s2) * (s1 - s2)
            #expect(abs(got - expected) < 1e-10, "N(\(m1), \(s1)²) vs N(\(m2), \(s2)²): expected \(expected), got \(got)")
        }
    }

    @Test func twoDimensionalDiagonalCaseAddsPerAxisTerms() {
        // |(1, 2)|² + (1 − 3)² + (2 − 4)² = 5 + 4 + 4.
        let got = frechetDistance(gaussian([0, 0], [1, 0, 0, 4]), gaussian([1, 2], [9, 0, 0, 16]))
        #expect(abs(got - 13) < 1e-10)
    }

    @Test func rotatingBothGaussiansLeavesTheDistanceUnchanged() {
        // R diag(1, 4) Rᵀ vs R diag(9, 16) Rᵀ with R a rotation by 30°: still (1 − 3)² + (2 − 4)² = 8.
        let (c, s) = (cos(Double.pi / 6), sin(Double.pi / 6))
        func rotated(_ a: Double, _ b: Double) -> [Double] {
            [c * c * a + s * s * b, c * s * (a - b), c * s * (a - b), s * s * a + c * c * b]
        }
        let got = frechetDistance(gaussian([0, 0], rotated(1, 4)), gaussian([0, 0], rotated(9, 16)))
        #expect(abs(got - 8) < 1e-10)
    }

    @Test func nonCommutingCovariancesMatchTheHandComputedValue() {
        // Σ₁ = I, Σ₂ = [[2, 1], [1, 2]] (eigenvalues 3 and 1): 2 + 4 − 2(√3 + 1) = 4 − 2√3.
        let got = frechetDistance(gaussian([0, 0], [1, 0, 0, 1]), gaussian([0, 0], [2, 1, 1, 2]))
        #expect(abs(got - (4 - 2 * 3.0.squareRoot())) < 1e-10)
        let swapped = frechetDistance(gaussian([0, 0], [2, 1, 1, 2]), gaussian([0, 0], [1, 0, 0, 1]))
        #expect(abs(swapped - got) < 1e-10, "the distance is symmetric")
    }

    @Test func differentSamplesOfOneDistributionAreCloserThanShiftedOnes() {
        var generator = SeededGenerator(seed: 2)
        let a = FeatureStatistics(features: Tensor.randn([2000, 4], using: &generator))
        let b = FeatureStatistics(features: Tensor.randn([2000, 4], using: &generator))
        let shifted = FeatureStatistics(features: Tensor.randn([2000, 4], using: &generator) + 1)
        #expect(frechetDistance(a, b) < 0.05)
        #expect(abs(frechetDistance(a, shifted) - 4) < 0.3)
    }

    @Test func statisticsMatchNumPysMeanAndCov() {
        // np.cov([[1, 3, 5], [2, 6, 7]]) = [[4, 5], [5, 7]].
        let statistics = FeatureStatistics(features: Tensor([[1, 2], [3, 6], [5, 7]]))
        #expect(statistics.mean == [3, 5])
        #expect(zip(statistics.covariance, [4.0, 5, 5, 7]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(statistics.count == 3)
    }

    @Test func eigenDecompositionReconstructsTheMatrix() {
        var generator = SeededGenerator(seed: 3)
        let n = 12
        let x = Tensor.randn([n, n], dtype: .float64, using: &generator)
        let symmetric = (x + x.transposed(0, 1)).doubles
        let eigen = SymmetricEigen(symmetric, size: n)
        let rebuilt = eigen.mapped { $0 }
        #expect(zip(rebuilt, symmetric).allSatisfy { abs($0 - $1) < 1e-10 })
        #expect(SymmetricEigen([2, 1, 1, 2], size: 2).values.sorted().map { ($0 * 1e12).rounded() / 1e12 } == [1, 3])
    }
}
