import Testing

/// Chapter 1's exercises: `swift test --filter Exercise01` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise01 {
    @Test("1.1 The broadcast shape rule") func broadcastShape() { expectPasses("1.1") }
    @Test("1.2 Row-major strides and flat indices") func strides() { expectPasses("1.2") }
    @Test("1.3 A numerically stable softmax") func softmax() { expectPasses("1.3") }
    @Test("1.4 Log-sum-exp") func logSumExp() { expectPasses("1.4") }
    @Test("1.5 Matrix multiplication by three loops") func naiveMatmul() { expectPasses("1.5") }
}
