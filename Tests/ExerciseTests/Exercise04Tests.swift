import Testing

/// Chapter 4's exercises: `swift test --filter Exercise04` (add `--traits Solutions` to check the reference answers).
@Suite(.serialized) struct Exercise04 {
    @Test("4.1 The optimal discriminator") func optimalDiscriminator() { expectPasses("4.1") }
    @Test("4.2 The Jensen–Shannon divergence") func jensenShannon() { expectPasses("4.2") }
    @Test("4.3 The value function as binary cross-entropy") func discriminatorLoss() { expectPasses("4.3") }
    @Test("4.4 The two generator-loss gradients") func generatorLossGradients() { expectPasses("4.4") }
    @Test("4.5 The virtual training criterion C(G)") func virtualTrainingCriterion() { expectPasses("4.5") }
}
