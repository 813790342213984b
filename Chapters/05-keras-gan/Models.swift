import Foundation
import KerasStyle
import TensorCore

/// The length of the noise vector z.
let latentDim = 100
/// 28 × 28 pixels, flattened as the tutorial does.
let imageDim = 784

/// The tutorial's generator: z (100) → 128 → 256 → 512 → 784, each hidden Dense followed by LeakyReLU(0.2)
/// and BatchNormalization(momentum 0.8), tanh out. The first kernel from RandomNormal(0.02), the rest Keras's defaults.
func makeGenerator() -> Sequential {
    let generator = Sequential(name: "generator")
    generator.add(Dense(128, inputShape: [latentDim], kernelInitializer: .randomNormal(stddev: 0.02)))
    for units in [256, 512] {
        generator.add(LeakyReLU(alpha: 0.2))
        generator.add(BatchNormalization(momentum: 0.8))
        generator.add(Dense(units))
    }
    generator.add(LeakyReLU(alpha: 0.2))
    generator.add(BatchNormalization(momentum: 0.8))
    generator.add(Dense(imageDim, activation: .tanh))
    return generator
}

/// The tutorial's discriminator: 784 → 512 → 256 → 128 → 1, LeakyReLU(0.2) after each hidden Dense, sigmoid out.
func makeDiscriminator() -> Sequential {
    let discriminator = Sequential(name: "discriminator")
    discriminator.add(Dense(512, inputShape: [imageDim], kernelInitializer: .randomNormal(stddev: 0.02)))
    for units in [256, 128] {
        discriminator.add(LeakyReLU(alpha: 0.2))
        discriminator.add(Dense(units))
    }
    discriminator.add(LeakyReLU(alpha: 0.2))
    discriminator.add(Dense(1, activation: .sigmoid))
    return discriminator
}

/// The optimiser the tutorial never shows; Adam(2e-4, β₁ 0.5) is the usual choice for this GAN.
func makeOptimizer() -> Adam { Adam(learningRate: 2e-4, beta1: 0.5) }

/// The three compiled models of the tutorial and the training position: everything a checkpoint holds.
final class KerasGAN {
    let generator: Sequential
    let discriminator: Sequential
    /// G followed by D, the *same* objects; D frozen while it trains.
    let combined: Sequential
    /// Steps and epochs completed.
    var step = 0
    var epoch = 0

    /// Fresh models drawn from `seed`, compiled as the tutorial compiles them, under `rule`.
    init(seed: UInt64, rule: TrainableRule = .readAtEveryStep) {
        Session.setRandomSeed(seed)
        generator = makeGenerator()
        discriminator = makeDiscriminator()
        discriminator.compile(optimizer: makeOptimizer(), loss: .binaryCrossentropy, metrics: [.accuracy], trainableRule: rule)
        discriminator.trainable = false
        combined = Sequential([generator, discriminator], name: "combined")
        combined.compile(optimizer: makeOptimizer(), loss: .binaryCrossentropy, metrics: [.accuracy], trainableRule: rule)
        discriminator.trainable = true
        // Build both optimisers now on the weights each one trains (Keras 3 would build them at the first step),
        // so that a checkpoint can be restored into them before training.
        if rule == .readAtEveryStep {
            discriminator.compilation!.optimizer.build(discriminator.trainableWeights)
            combined.compilation!.optimizer.build(generator.trainableWeights)
        }
        for model in [generator, discriminator, combined] { model.warningHandler = { _ in } }
    }

    /// One step of the tutorial's loop, with its `trainable` toggles. `fakesInTrainingMode` makes D's fakes in the
    /// same BatchNormalization mode as the combined step (batch statistics) instead of `predictOnBatch`'s.
    func trainStep(real: Tensor, noise z: Tensor, realLabel: Double, fakesInTrainingMode: Bool = false) throws -> StepMetrics {
        let batch = real.shape[0]
        discriminator.trainable = true
        let onReal = try discriminator.trainOnBatch(x: real, y: Tensor.full([batch, 1], realLabel))
        let fake = fakesInTrainingMode ? generatorOutputWithBatchStatistics(z) : generator.predictOnBatch(z)
        let onFake = try discriminator.trainOnBatch(x: fake, y: Tensor.zeros([batch, 1]))
        discriminator.trainable = false
        let onCombined = try combined.trainOnBatch(x: z, y: Tensor.ones([batch, 1]))
        return StepMetrics(dLossReal: onReal[0], dLossFake: onFake[0], gLoss: onCombined[0],
                           dAccuracyReal: onReal[1], dAccuracyFake: onFake[1])
    }

    /// G's images for `z` with batch statistics, as the combined step sees them, without gradients and without
    /// moving the moving statistics (they are put back), so that looking does not change the run.
    func generatorOutputWithBatchStatistics(_ z: Tensor) -> Tensor {
        let saved = generator.getWeights()
        defer { try! generator.setWeights(saved) }
        let modes = generator.layers.map(\.isTraining)
        defer { for (layer, mode) in zip(generator.layers, modes) { layer.isTraining = mode } }
        for layer in generator.layers { layer.isTraining = true }
        return withNoGrad { generator(z) }
    }

    /// `count` images `[count, 1, 28, 28]` from noise drawn with `seed`, in inference mode.
    func sample(_ count: Int, seed: UInt64) -> Tensor {
        var noise = SeededGenerator(seed: seed)
        return sample(Tensor.randn([count, latentDim], using: &noise))
    }

    /// The generator's images `[N, 1, 28, 28]` for noise `z` `[N, 100]`, with `predictOnBatch` (inference mode).
    func sample(_ z: Tensor) -> Tensor { generator.predictOnBatch(z).reshape([z.shape[0], 1, 28, 28]) }
}

/// What one step reports: the tutorial's three losses and D's accuracy on each half.
struct StepMetrics {
    var dLossReal: Double
    var dLossFake: Double
    var gLoss: Double
    var dAccuracyReal: Double
    var dAccuracyFake: Double
    /// The tutorial's d_loss: ½ (real + fake).
    var dLoss: Double { 0.5 * (dLossReal + dLossFake) }
}

