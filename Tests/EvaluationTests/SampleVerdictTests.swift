import Testing
@testable import Evaluation

@Suite struct SampleVerdictTests {
    let real = SampleQuality(frechetDistance: 2, coverage: ClassCoverage(counts: Array(repeating: 100, count: 10)), count: 1000)
    let untrained = SampleQuality(frechetDistance: 1000, coverage: ClassCoverage(counts: [0, 0, 500, 0, 0, 0, 500, 0, 0, 0]), count: 1000)
    let oneDigit = ClassCoverage(counts: [0, 1000, 0, 0, 0, 0, 0, 0, 0, 0])

    @Test func aBarelyStartedGeneratorIsUntrainedNotCollapsed() {
        // A barely started generator: one class dominates, but its blobs have not come half-way from what it made
        // before training (FID 1000, Fréchet distance 31.6) to real digits (FID 2, distance 1.4): distance 18.4 > 16.5.
        let early = SampleQuality(frechetDistance: 340, coverage: oneDigit, count: 1000)
        #expect(early.coverage.isCollapsed)
        #expect(early.verdict(real: real, untrained: untrained) == .untrained)
    }

    @Test func aGeneratorThatMakesDigitsOfFewClassesHasCollapsed() {
        // FID 100 (distance 10) is well past half-way.
        let collapsed = SampleQuality(frechetDistance: 100, coverage: oneDigit, count: 1000)
        #expect(collapsed.verdict(real: real, untrained: untrained) == .collapsed(starvedClasses: [0, 2, 3, 4, 5, 6, 7, 8, 9]))
        let covering = SampleQuality(frechetDistance: 100, coverage: real.coverage, count: 1000)
        #expect(covering.verdict(real: real, untrained: untrained) == .covering)
    }
}
