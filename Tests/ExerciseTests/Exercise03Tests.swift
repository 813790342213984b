import Testing

/// Chapter 3's exercises: `swift test --filter Exercise03` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise03 {
    @Test("3.1 The discriminator's loss on real and fake") func discriminatorLoss() { expectPasses("3.1") }
    @Test("3.2 The generator's non-saturating loss") func generatorLoss() { expectPasses("3.2") }
    @Test("3.3 The grid normalisation") func pixelBytes() { expectPasses("3.3") }
    @Test("3.4 The classifier-FID formula") func frechetDistance() { expectPasses("3.4") }
    @Test("3.5 Logging without the precedence bug") func shouldLog() { expectPasses("3.5") }
}
