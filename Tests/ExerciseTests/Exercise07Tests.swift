import Testing

/// Chapter 7's exercises: `swift test --filter Exercise07` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise07 {
    @Test("7.1 The transposed-convolution output side") func transposedConvolutionOutputSide() { expectPasses("7.1") }
    @Test("7.2 The DCGAN weight initialiser") func initializeDCGAN() { expectPasses("7.2") }
    @Test("7.3 A generator block") func generatorBlock() { expectPasses("7.3") }
    @Test("7.4 Output sides and receptive fields of D's stack") func convolutionStack() { expectPasses("7.4") }
    @Test("7.5 Spot the broken guideline") func firstGuidelineViolation() { expectPasses("7.5") }
}
