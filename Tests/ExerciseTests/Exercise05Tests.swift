import Testing

/// Chapter 5's exercises: `swift test --filter Exercise05` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise05 {
    @Test("5.1 Keras's BatchNorm momentum in PyTorch's terms") func batchNormMomentum() { expectPasses("5.1") }
    @Test("5.2 Which weights trainOnBatch updates") func updatedLayers() { expectPasses("5.2") }
    @Test("5.3 The best discriminator for smoothed targets") func smoothedOptimum() { expectPasses("5.3") }
    @Test("5.4 Keras's clipped binary cross-entropy") func kerasCrossentropy() { expectPasses("5.4") }
    @Test("5.5 The combined model's generator loss and gradient") func generatorStep() { expectPasses("5.5") }
}
