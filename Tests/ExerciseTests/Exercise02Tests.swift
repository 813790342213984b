import Testing

/// Chapter 2's exercises: `swift test --filter Exercise02` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise02 {
    @Test("2.1 The backward pass of multiplication") func mulBackward() { expectPasses("2.1") }
    @Test("2.2 tanh's backward from its output") func tanhBackward() { expectPasses("2.2") }
    @Test("2.3 Sigmoid as a custom operation") func sigmoid() { expectPasses("2.3") }
    @Test("2.4 The backward pass of matmul") func matmulBackward() { expectPasses("2.4") }
    @Test("2.5 A central-difference gradient checker") func gradientChecker() { expectPasses("2.5") }
}
