import Foundation
import KerasStyle
import NeuralNetworks
import TensorCore
import Testing

/// Keras's defaults where they differ from PyTorch's, each against Keras 3's own numbers or its documented formula.
@Suite struct DefaultsTests {
    let fixtures = KerasFixtures.shared

    @Test func batchNormalizationMomentumPointsTheOtherWay() throws {
        let f = fixtures.batchNormalization
        let layer = BatchNormalization(momentum: f.momentum)
        layer.build(inputShape: [4])
        #expect(layer.epsilon == 1e-3 && f.epsilon == 1e-3)
        let core = try #require(layer.core)
        #expect(abs(core.momentum - 0.2) < 1e-12, "Keras momentum 0.8 is PyTorch momentum 0.2")
        #expect(core.eps == 1e-3)
        try layer.setWeights([f.gamma.tensor, f.beta.tensor, f.movingMeanBefore.tensor, f.movingVarianceBefore.tensor])

        let x = f.input.tensor
        expectClose(layer(x), f.trainingOutput, "training output (batch statistics)")
        let weights = layer.getWeights()
        expectClose(weights[2], f.movingMeanAfter, "moving mean after one training batch")
        expectClose(weights[3], f.movingVarianceAfter, "moving variance after one training batch")

        // The documented formula, computed here: moving = 0.8 · old + 0.2 · batch, with the biased batch variance.
        let columns = (0..<4).map { c in (0..<6).map { x.element(at: [$0, c]) } }
        for c in 0..<4 {
            let mean = columns[c].reduce(0, +) / 6
            let variance = columns[c].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6
            #expect(abs(weights[2].doubles[c] - (0.8 * f.movingMeanBefore.data[c] + 0.2 * mean)) < 1e-5)
            #expect(abs(weights[3].doubles[c] - (0.8 * f.movingVarianceBefore.data[c] + 0.2 * variance)) < 1e-5)
        }

        layer.eval()
        expectClose(layer(x), f.inferenceOutput, "inference output (moving statistics)")
    }

    @Test func kerasDefaultsDifferFromPyTorchs() {
        #expect(BatchNormalization().momentum == 0.99)
        #expect(BatchNormalization().epsilon == 1e-3)
        #expect(KerasStyle.LeakyReLU().negativeSlope == 0.3)
        #expect(KerasStyle.LeakyReLU(alpha: 0.2).negativeSlope == 0.2)
        #expect(KerasStyle.Adam().epsilon == 1e-7)
        #expect(KerasStyle.Adam().learningRate == 1e-3)
    }

    @Test func adamPlacesEpsilonBeforeTheBiasCorrection() throws {
        let f = fixtures.adam
        let weight = f.initial.tensor.requiringGrad()
        let adam = KerasStyle.Adam(learningRate: f.learningRate, beta1: f.beta1)
        #expect(adam.epsilon == f.epsilon)
        adam.build([weight])
        for (step, grad) in f.grads.enumerated() {
            weight.grad = grad.tensor
            adam.step()
            expectClose(weight, f.after[step], tolerance: 1e-6, "Keras Adam, step \(step + 1)")
            // The same gradients in torch.optim.Adam (same eps) land elsewhere: the formula matters at small gradients.
            let gap = zip(weight.doubles, f.torchAdamAfter[step].data).map { abs($0 - $1) }.max()!
            #expect(gap > 1e-3, "step \(step + 1): Keras and PyTorch Adam should differ when gradients are near epsilon")
        }
        #expect(adam.iterations == 3)
    }

    @Test func binaryCrossentropyClipsProbabilities() {
        let f = fixtures.bce
        let p = f.prediction.tensor.requiringGrad()
        let loss = Loss.binaryCrossentropy(p, f.target.tensor)
        #expect(abs(Double(loss.item) - f.loss) < 1e-4 * f.loss, "Keras loss \(f.loss), got \(loss.item)")
        #expect(abs(f.torchBCELoss - f.loss) > 1, "PyTorch's BCELoss (log clamped at −100) gives another value")
        loss.backward()
        expectClose(p.grad, f.gradient, "gradient by the prediction (zero outside and on the clip bounds)")
        // A certain wrong answer costs −log(1e-7) ≈ 16.1, not PyTorch's 100.
        let worst = Loss.binaryCrossentropy(Tensor([0]), Tensor([1]))
        #expect(abs(Double(worst.item) + log(Double(Float(1e-7)))) < 1e-3)
    }

    @Test func denseStartsGlorotUniformWithZeroBias() throws {
        let dense = Dense(300, name: "glorot_probe")
        dense.build(inputShape: [200])
        let weights = dense.getWeights()
        #expect(weights[0].shape == [200, 300], "Keras's kernel layout is [in, out]")
        #expect(weights[1].doubles.allSatisfy { $0 == 0 }, "bias starts at zero")
        let limit = (6.0 / 500).squareRoot()
        let values = weights[0].doubles
        #expect(values.allSatisfy { abs($0) <= limit })
        #expect(values.map(abs).max()! > 0.99 * limit)
        let variance = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
        #expect(abs(variance - limit * limit / 3) < 0.02 * limit * limit / 3, "U(±limit) has variance limit²/3")

        let normal = Dense(400, kernelInitializer: .randomNormal(stddev: 0.02, seed: 3), name: "normal_probe")
        normal.build(inputShape: [100])
        let drawn = normal.getWeights()[0].doubles
        let std = (drawn.map { $0 * $0 }.reduce(0, +) / Double(drawn.count)).squareRoot()
        #expect(abs(std - 0.02) < 0.0005)
    }

    @Test func weightsRoundTripInKerasLayout() throws {
        let dense = Dense(3, inputShape: [2], name: "layout_probe")
        dense.build(inputShape: [2])
        let kernel = Tensor([[1, 2, 3], [4, 5, 6]])
        try dense.setWeights([kernel, Tensor([7, 8, 9])])
        #expect(dense.kernel!.shape == [3, 2], "stored as PyTorch's [out, in]")
        #expect(dense(Tensor([[1, 0]])).scalars == [8, 10, 12], "x · kernel + bias with the [in, out] kernel")
        #expect(dense.getWeights()[0].scalars == kernel.scalars)
        #expect(throws: KerasError.self) { try dense.setWeights([Tensor([[1, 2], [3, 4], [5, 6]]), Tensor([0, 0, 0])]) }
        #expect(throws: KerasError.self) { try dense.setWeights([kernel]) }
    }
}
