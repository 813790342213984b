import KerasStyle
import TensorCore
import Testing

/// Which weights each `trainOnBatch` of the frozen-discriminator recipe changes, under Keras 3's rule (against
/// Keras 3 itself) and under Keras 2's (against its documented behaviour: trainable weights collected at compile).
@Suite struct TrainableTests {
    /// The recipe on tiny models, as in the fixture script.
    struct Recipe {
        let generator: Sequential, discriminator: Sequential, combined: Sequential

        init(rule: TrainableRule, unfreezeAfterCompile: Bool) {
            generator = Sequential([Dense(6, inputShape: [4]), KerasStyle.LeakyReLU(negativeSlope: 0.2), Dense(3, activation: .tanh)])
            discriminator = Sequential([Dense(5, inputShape: [3]), KerasStyle.LeakyReLU(negativeSlope: 0.2), Dense(1, activation: .sigmoid)])
            discriminator.compile(optimizer: Adam(learningRate: 2e-2, beta1: 0.5), loss: .binaryCrossentropy, trainableRule: rule)
            discriminator.trainable = false
            combined = Sequential([generator, discriminator])
            combined.compile(optimizer: Adam(learningRate: 2e-2, beta1: 0.5), loss: .binaryCrossentropy, trainableRule: rule)
            for model in [generator, discriminator, combined] { model.warningHandler = { _ in } }
            if unfreezeAfterCompile { discriminator.trainable = true }
        }

        /// Two rounds of the tutorial's three calls; which model changed in each.
        func run(toggles: Bool) throws -> [(call: String, generatorChanged: Bool, discriminatorChanged: Bool)] {
            var generatorNoise = SeededGenerator(seed: 9)
            let z = Tensor.randn([8, 4], using: &generatorNoise), real = Tensor.randn([8, 3], using: &generatorNoise)
            var changes: [(String, Bool, Bool)] = []
            for _ in 0..<2 {
                for call in ["discriminatorReal", "discriminatorFake", "combined"] {
                    if toggles { discriminator.trainable = call != "combined" }
                    let (g, d) = (generator.getWeights().map(\.scalars), discriminator.getWeights().map(\.scalars))
                    switch call {
                    case "discriminatorReal": _ = try discriminator.trainOnBatch(x: real, y: Tensor.full([8, 1], 0.9))
                    case "discriminatorFake": _ = try discriminator.trainOnBatch(x: generator.predictOnBatch(z), y: Tensor.zeros([8, 1]))
                    default: _ = try combined.trainOnBatch(x: z, y: Tensor.ones([8, 1]))
                    }
                    changes.append((call, generator.getWeights().map(\.scalars) != g, discriminator.getWeights().map(\.scalars) != d))
                }
            }
            return changes
        }
    }

    static let scenarios = ["tutorialToggles", "frozenOnceBeforeCombined", "unfrozenAfterCompile"]

    @Test(arguments: scenarios)
    func keras3ReadsTheFlagsAtEveryStep(_ scenario: String) throws {
        let recipe = Recipe(rule: .readAtEveryStep, unfreezeAfterCompile: scenario == "unfrozenAfterCompile")
        let changes = try recipe.run(toggles: scenario == "tutorialToggles")
        let expected = try #require(KerasFixtures.shared.trainable[scenario])
        #expect(changes.count == expected.count)
        for (got, want) in zip(changes, expected) {
            #expect(got.call == want.call)
            #expect(got.generatorChanged == want.generatorChanged && got.discriminatorChanged == want.discriminatorChanged,
                    "\(scenario), \(got.call): G changed \(got.generatorChanged), D changed \(got.discriminatorChanged); Keras 3: G \(want.generatorChanged), D \(want.discriminatorChanged)")
        }
        if scenario == "frozenOnceBeforeCombined" {
            #expect(recipe.discriminator.warnings.contains("The model does not have any trainable weights."))
        }
    }

    @Test func keras2CapturesTheFlagsAtCompile() throws {
        // Frozen once, never toggled: D was compiled while trainable, so its own steps still train it; G's steps never touch D.
        let frozen = Recipe(rule: .capturedAtCompile, unfreezeAfterCompile: false)
        for change in try frozen.run(toggles: false) {
            #expect(change.discriminatorChanged == (change.call != "combined"), "\(change.call)")
            #expect(change.generatorChanged == (change.call == "combined"), "\(change.call)")
        }
        #expect(frozen.discriminator.warnings.contains { $0.hasPrefix("Discrepancy between trainable weights and collected trainable weights") })

        // Unfrozen after compiling the combined model: Keras 2 still leaves D alone in the combined step, and warns.
        let unfrozen = Recipe(rule: .capturedAtCompile, unfreezeAfterCompile: true)
        for change in try unfrozen.run(toggles: false) where change.call == "combined" {
            #expect(!change.discriminatorChanged && change.generatorChanged)
        }
        #expect(unfrozen.combined.warnings.contains { $0.hasPrefix("Discrepancy") })

        // The tutorial's toggles agree with what each model collected: no warnings, the intended updates.
        let toggled = Recipe(rule: .capturedAtCompile, unfreezeAfterCompile: false)
        for change in try toggled.run(toggles: true) {
            #expect(change.discriminatorChanged == (change.call != "combined") && change.generatorChanged == (change.call == "combined"))
        }
        #expect(toggled.combined.warnings.isEmpty && toggled.discriminator.warnings.isEmpty)
    }

    @Test func keras3OptimizerRefusesWeightsItWasNotBuiltFor() throws {
        let recipe = Recipe(rule: .readAtEveryStep, unfreezeAfterCompile: false)
        _ = try recipe.combined.trainOnBatch(x: Tensor.zeros([2, 4]), y: Tensor.ones([2, 1]))  // builds on G's weights
        recipe.discriminator.trainable = true
        #expect(throws: KerasError.self) { try recipe.combined.trainOnBatch(x: Tensor.zeros([2, 4]), y: Tensor.ones([2, 1])) }
    }

    @Test func settingTrainableOnAModelReachesEveryLayer() {
        let recipe = Recipe(rule: .readAtEveryStep, unfreezeAfterCompile: false)
        #expect(recipe.discriminator.layers.allSatisfy { !$0.trainable })
        #expect(recipe.combined.trainableWeights.count == 4, "G's two kernels and two biases")
        recipe.discriminator.trainable = true
        #expect(recipe.discriminator.layers.allSatisfy { $0.trainable })
        #expect(recipe.combined.trainableWeights.count == 8)
    }

    @Test func theCombinedModelSharesItsLayersWeights() {
        let recipe = Recipe(rule: .readAtEveryStep, unfreezeAfterCompile: false)
        #expect(recipe.combined.layers[0] === recipe.generator && recipe.combined.layers[1] === recipe.discriminator)
        let shared = zip(recipe.combined.weights.map(\.tensor), (recipe.generator.weights + recipe.discriminator.weights).map(\.tensor))
        #expect(shared.allSatisfy { $0 === $1 }, "the same tensors, not copies")
        #expect(recipe.combined.countParams() == recipe.generator.countParams() + recipe.discriminator.countParams())
    }
}
