import Testing

/// Chapter 6's exercises: `swift test --filter Exercise06` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise06 {
    @Test("6.1 A seeded random split") func randomSplit() { expectPasses("6.1") }
    @Test("6.2 The epoch value of a logged metric") func epochValue() { expectPasses("6.2") }
    @Test("6.3 The model-checkpoint top-k rule") func keptCheckpoints() { expectPasses("6.3") }
    @Test("6.4 The manual-optimisation training step") func manualOptimizationStep() { expectPasses("6.4") }
}
