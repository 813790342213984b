import KerasStyle
import TensorCore
import Testing

/// `trainOnBatch`, `predictOnBatch` and `evaluate` against Keras 3 on the same model, weights and data.
@Suite struct TrainingTests {
    let f = KerasFixtures.shared.trainOnBatch

    func makeModel() throws -> Sequential {
        let model = Sequential([Dense(3, inputShape: [5]), KerasStyle.LeakyReLU(negativeSlope: 0.2), Dense(1, activation: .sigmoid)])
        try model.setWeights(f.initial.map(\.tensor))
        model.compile(optimizer: Adam(learningRate: 0.05, beta1: 0.5), loss: .binaryCrossentropy, metrics: [.accuracy])
        return model
    }

    @Test func trainOnBatchMatchesKeras() throws {
        let model = try makeModel()
        for (step, expected) in f.results.enumerated() {
            let result = try model.trainOnBatch(x: f.x.tensor, y: f.y.tensor)
            #expect(abs(result[0] - expected[0]) < 1e-5, "step \(step + 1): loss \(result[0]), Keras \(expected[0]) (this batch only, before the update)")
            #expect(result[1] == expected[1], "step \(step + 1): binary accuracy \(result[1]), Keras \(expected[1])")
        }
        for (index, (got, expected)) in zip(model.getWeights(), f.after).enumerated() {
            expectClose(got, expected, tolerance: 1e-5, "weight \(index) after three steps")
        }
        expectClose(model.predictOnBatch(f.x.tensor), f.predicted, "predictOnBatch")
        let evaluated = try model.evaluate(x: f.x.tensor, y: f.y.tensor, batchSize: 3)
        #expect(abs(evaluated[0] - f.evaluated[0]) < 1e-5 && evaluated[1] == f.evaluated[1], "evaluate \(evaluated), Keras \(f.evaluated)")
    }

    @Test func smoothedTargetsNeverCountAsHits() {
        let predictions = Tensor([[0.95], [0.2], [0.7]])
        #expect(Metric.binaryAccuracy(predictions, Tensor([[0.9], [0.9], [0.9]])) == 0, "0.9 never equals a thresholded 0 or 1")
        #expect(Metric.binaryAccuracy(predictions, Tensor([[1], [0], [1]])) == 1)
    }

    @Test func modelsMustBeCompiledFirst() {
        let model = Sequential([Dense(1, inputShape: [2])])
        #expect(throws: KerasError.self) { try model.trainOnBatch(x: Tensor([[1, 2]]), y: Tensor([[1]])) }
        #expect(throws: KerasError.self) { try model.evaluate(x: Tensor([[1, 2]]), y: Tensor([[1]])) }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        #expect(throws: KerasError.self) { try model.trainOnBatch(x: Tensor([[1, 2]]), y: Tensor([[1], [2]])) }
    }

    @Test func predictRunsBatchNormalizationInInferenceMode() throws {
        let normalization = BatchNormalization(momentum: 0.8)
        let model = Sequential([Dense(4, inputShape: [3]), normalization])
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        var generator = SeededGenerator(seed: 5)
        let x = Tensor.randn([16, 3], using: &generator)
        let before = normalization.getWeights()
        let predicted = model.predictOnBatch(x)
        #expect(normalization.getWeights().map(\.scalars) == before.map(\.scalars), "predict leaves the moving statistics alone")
        // Fresh moving statistics (mean 0, variance 1): inference is (Dense(x) − 0) / √(1 + 0.001).
        let dense = (model.layers[0] as! Dense)(x).doubles
        for (p, d) in zip(predicted.doubles, dense) { #expect(abs(p - d / (1.001).squareRoot()) < 1e-5) }
        // Training mode normalises with the batch's statistics: every column has mean 0.
        model.train()
        let trained = withNoGrad { model(x) }
        for c in 0..<4 {
            let column = (0..<16).map { trained.element(at: [$0, c]) }
            #expect(abs(column.reduce(0, +) / 16) < 1e-5)
        }
        _ = try model.trainOnBatch(x: x, y: Tensor.zeros([16, 4]))
        #expect(normalization.getWeights()[2].scalars != before[2].scalars, "trainOnBatch moves the moving mean")
    }

    @Test func frozenBatchNormalizationRunsInInferenceMode() throws {
        let normalization = BatchNormalization()
        let model = Sequential([Dense(2, inputShape: [2]), normalization])
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        normalization.trainable = false
        let x = Tensor([[1, 2], [3, 5], [-1, 0]])
        let before = normalization.getWeights().map(\.scalars)
        _ = try model.trainOnBatch(x: x, y: Tensor.ones([3, 2]))
        #expect(normalization.getWeights().map(\.scalars) == before, "a frozen BatchNormalization neither learns nor moves its statistics")
    }

    /// The whole tutorial step (D on real 0.9, D on `predictOnBatch` fakes 0, combined with D frozen, toggles in the
    /// loop) twice on tiny models with BatchNormalization in G: the same losses and weights as Keras 3.
    @Test func theTutorialsStepMatchesKeras() throws {
        let f = KerasFixtures.shared.ganSteps
        let generator = Sequential([Dense(6, inputShape: [4]), KerasStyle.LeakyReLU(negativeSlope: 0.2),
                                    BatchNormalization(momentum: 0.8), Dense(5, activation: .tanh)])
        let discriminator = Sequential([Dense(3, inputShape: [5]), KerasStyle.LeakyReLU(negativeSlope: 0.2), Dense(1, activation: .sigmoid)])
        try generator.setWeights(f.generatorInitial.map(\.tensor))
        try discriminator.setWeights(f.discriminatorInitial.map(\.tensor))
        discriminator.compile(optimizer: Adam(learningRate: 0.01, beta1: 0.5), loss: .binaryCrossentropy, metrics: [.accuracy])
        discriminator.trainable = false
        let combined = Sequential([generator, discriminator])
        combined.compile(optimizer: Adam(learningRate: 0.01, beta1: 0.5), loss: .binaryCrossentropy, metrics: [.accuracy])
        for step in 0..<2 {
            let (real, z) = (f.reals[step].tensor, f.noises[step].tensor)
            discriminator.trainable = true
            let onReal = try discriminator.trainOnBatch(x: real, y: Tensor.full([8, 1], 0.9))
            let onFake = try discriminator.trainOnBatch(x: generator.predictOnBatch(z), y: Tensor.zeros([8, 1]))
            discriminator.trainable = false
            let onCombined = try combined.trainOnBatch(x: z, y: Tensor.ones([8, 1]))
            let got = [onReal[0], onFake[0], onCombined[0], onReal[1], onFake[1]]
            for (g, e) in zip(got, f.losses[step]) { #expect(abs(g - e) < 1e-5, "step \(step + 1): \(got) vs Keras \(f.losses[step])") }
        }
        for (index, (got, expected)) in zip(generator.getWeights(), f.generatorAfter).enumerated() {
            expectClose(got, expected, tolerance: 1e-5, "generator weight \(index) (moving statistics included) after two steps")
        }
        for (index, (got, expected)) in zip(discriminator.getWeights(), f.discriminatorAfter).enumerated() {
            expectClose(got, expected, tolerance: 1e-5, "discriminator weight \(index) after two steps")
        }
    }
}
