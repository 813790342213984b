import Testing
@testable import Evaluation

@Suite struct ClassCoverageTests {
    @Test func uniformPredictionsHaveEntropyOneAndNoCollapse() {
        let coverage = ClassCoverage(predictions: (0..<1000).map { $0 % 10 }, classCount: 10)
        #expect(abs(coverage.normalizedEntropy - 1) < 1e-12)
        #expect(!coverage.isCollapsed)
        #expect(coverage.counts == Array(repeating: 100, count: 10))
    }

    @Test func aSingleClassHasEntropyZeroAndIsCollapsed() {
        let coverage = ClassCoverage(predictions: Array(repeating: 7, count: 500), classCount: 10)
        #expect(coverage.normalizedEntropy == 0)
        #expect(coverage.isCollapsed)
        #expect(coverage.starvedClasses == [0, 1, 2, 3, 4, 5, 6, 8, 9])
    }

    @Test func aClassBelowTwoPercentFlagsCollapse() {
        // Class 3 gets 1.5% of the images, the others share the rest.
        var counts = Array(repeating: 1097, count: 10)
        counts[3] = 150
        counts[0] += 10_000 - counts.reduce(0, +)
        let coverage = ClassCoverage(counts: counts)
        #expect(coverage.isCollapsed)
        #expect(coverage.starvedClasses == [3])
        counts[3] = 250
        #expect(!ClassCoverage(counts: counts).isCollapsed, "2.5% is above the 2% threshold")
    }

    @Test func twoEqualClassesOfFourHaveEntropyOneHalf() {
        // H = log 2, normalised by log 4.
        let coverage = ClassCoverage(counts: [50, 50, 0, 0])
        #expect(abs(coverage.normalizedEntropy - 0.5) < 1e-12)
    }
}
