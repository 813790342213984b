import KerasStyle
import Testing

/// `summary()` prints Keras 3's table, character for character, for the tutorial's three models.
@Suite struct SummaryTests {
    /// The tutorial's models with the names Keras gives them in a fresh session.
    static func tutorialModels() -> (generator: Sequential, discriminator: Sequential, combined: Sequential) {
        let generator = Sequential(name: "sequential")
        generator.add(Dense(128, inputShape: [100], kernelInitializer: .randomNormal(stddev: 0.02), name: "dense"))
        for (index, units) in [256, 512, 784].enumerated() {
            let suffix = index == 0 ? "" : "_\(index)"
            generator.add(KerasStyle.LeakyReLU(alpha: 0.2, name: "leaky_re_lu\(suffix)"))
            generator.add(BatchNormalization(momentum: 0.8, name: "batch_normalization\(suffix)"))
            generator.add(Dense(units, activation: units == 784 ? .tanh : .linear, name: "dense_\(index + 1)"))
        }
        let discriminator = Sequential(name: "sequential_1")
        discriminator.add(Dense(512, inputShape: [784], kernelInitializer: .randomNormal(stddev: 0.02), name: "dense_4"))
        for (index, units) in [256, 128, 1].enumerated() {
            discriminator.add(KerasStyle.LeakyReLU(alpha: 0.2, name: "leaky_re_lu_\(index + 3)"))
            discriminator.add(Dense(units, activation: units == 1 ? .sigmoid : .linear, name: "dense_\(index + 5)"))
        }
        discriminator.trainable = false
        let combined = Sequential(name: "sequential_2")
        combined.add(generator)
        combined.add(discriminator)
        return (generator, discriminator, combined)
    }

    @Test func matchesKerasCharacterForCharacter() {
        let models = Self.tutorialModels()
        let expected = KerasFixtures.shared.summary
        for (name, model) in [("generator", models.generator), ("discriminator", models.discriminator), ("combined", models.combined)] {
            let got = model.summary()
            #expect(got == expected[name], "\(name):\n\(got)\nKeras:\n\(expected[name] ?? "-")")
        }
    }
}
