import ChapterSupport
import Figures
import Foundation
import KerasStyle
import TensorCore

// The chapter's four demonstrations, each run on fresh models so that the training run is not disturbed.

/// The sum of every weight of a model: a checksum that changes when any weight does.
func checksum(_ model: Sequential) -> Double {
    model.weights.reduce(0) { $0 + $1.tensor.doubles.reduce(0, +) }
}

/// One way of setting the `trainable` flags around the tutorial's three calls.
struct TrainableSetup {
    let name: String
    let rule: TrainableRule
    /// Set `D.trainable` to true before D's calls and false before the combined call, as the tutorial's loop does.
    let toggles: Bool
    /// Set `D.trainable = true` once, after compiling the combined model (and never toggle).
    let unfreezeAfterCompile: Bool
}

/// What one call changed, from checksums of G and D before and after it.
struct CallChange {
    let call: String
    let generatorBefore: Double, generatorAfter: Double
    let discriminatorBefore: Double, discriminatorAfter: Double

    var changed: String {
        switch (generatorBefore != generatorAfter, discriminatorBefore != discriminatorAfter) {
        case (true, true): "G and D"
        case (true, false): "G"
        case (false, true): "D"
        case (false, false): "nothing"
        }
    }
}

/// Runs the tutorial's three calls once under `setup` on a fresh GAN; returns what each changed and the warnings.
func runTrainableSetup(_ setup: TrainableSetup, real: Tensor, seed: UInt64) throws -> (changes: [CallChange], warnings: [String]) {
    Session.setRandomSeed(seed)
    let generator = makeGenerator(), discriminator = makeDiscriminator()
    discriminator.compile(optimizer: makeOptimizer(), loss: .binaryCrossentropy, metrics: [.accuracy], trainableRule: setup.rule)
    discriminator.trainable = false
    let combined = Sequential([generator, discriminator])
    combined.compile(optimizer: makeOptimizer(), loss: .binaryCrossentropy, metrics: [.accuracy], trainableRule: setup.rule)
    for model in [generator, discriminator, combined] { model.warningHandler = { _ in } }
    if setup.unfreezeAfterCompile { discriminator.trainable = true }

    let batch = real.shape[0]
    var noise = SeededGenerator(seed: seed &+ 1)
    let z = Tensor.randn([batch, latentDim], using: &noise)
    var changes: [CallChange] = []
    for call in ["D.trainOnBatch(real, 0.9)", "D.trainOnBatch(fake, 0)", "combined.trainOnBatch(z, 1)"] {
        if setup.toggles { discriminator.trainable = !call.hasPrefix("combined") }
        let (g, d) = (checksum(generator), checksum(discriminator))
        switch call {
        case "D.trainOnBatch(real, 0.9)": try discriminator.trainOnBatch(x: real, y: Tensor.full([batch, 1], 0.9))
        case "D.trainOnBatch(fake, 0)": try discriminator.trainOnBatch(x: generator.predictOnBatch(z), y: Tensor.zeros([batch, 1]))
        default: try combined.trainOnBatch(x: z, y: Tensor.ones([batch, 1]))
        }
        changes.append(CallChange(call: call, generatorBefore: g, generatorAfter: checksum(generator),
                                  discriminatorBefore: d, discriminatorAfter: checksum(discriminator)))
    }
    return (changes, Array(Set(discriminator.warnings + combined.warnings)).sorted())
}

/// The six setups: three ways of handling the flags, under Keras 3's rule and Keras 2's.
let trainableSetups: [TrainableSetup] = [TrainableRule.readAtEveryStep, .capturedAtCompile].flatMap { rule in [
    TrainableSetup(name: "tutorial: toggles in the loop", rule: rule, toggles: true, unfreezeAfterCompile: false),
    TrainableSetup(name: "frozen once, before compiling combined", rule: rule, toggles: false, unfreezeAfterCompile: false),
    TrainableSetup(name: "unfrozen after compiling combined", rule: rule, toggles: false, unfreezeAfterCompile: true),
] }

/// The combined model's generator update next to the same update written out with the core's autograd, as in
/// chapter 3 (forward through G and D, backward, step an optimiser that holds G's weights only).
struct UpdateComparison {
    /// The largest difference between G's weights after the two updates.
    let largestGeneratorDifference: Double
    /// How much G's weights moved (the largest change), for scale.
    let largestGeneratorChange: Double
    /// Whether D's weights changed in either version.
    let discriminatorChanged: Bool
    /// The gradient the written-out version leaves in D's weights (norm): chapter 3's reason to zero D's gradients.
    let leftoverDiscriminatorGradient: Double
}

func compareCombinedUpdate(seed: UInt64, batch: Int) throws -> UpdateComparison {
    var noise = SeededGenerator(seed: seed &+ 2)
    let z = Tensor.randn([batch, latentDim], using: &noise)
    let keras = KerasGAN(seed: seed), manual = KerasGAN(seed: seed)
    let start = keras.generator.getWeights(), discriminatorStart = keras.discriminator.getWeights()

    keras.discriminator.trainable = false
    try keras.combined.trainOnBatch(x: z, y: Tensor.ones([batch, 1]))

    let optimizerG = makeOptimizer()
    optimizerG.build(manual.generator.trainableWeights)
    manual.generator.train()
    manual.discriminator.train()
    let loss = Loss.binaryCrossentropy(manual.discriminator(manual.generator(z)), Tensor.ones([batch, 1]))
    loss.backward()
    optimizerG.step()
    let leftover = manual.discriminator.trainableWeights.compactMap(\.grad).reduce(0) { $0 + $1.doubles.reduce(0) { $0 + $1 * $1 } }.squareRoot()

    func largest(_ a: [Tensor], _ b: [Tensor]) -> Double {
        zip(a, b).map { zip($0.doubles, $1.doubles).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }
    let after = keras.generator.getWeights()
    let discriminatorMoved = largest(keras.discriminator.getWeights(), discriminatorStart) > 0
        || largest(manual.discriminator.getWeights(), discriminatorStart) > 0
    return UpdateComparison(largestGeneratorDifference: largest(after, manual.generator.getWeights()),
                            largestGeneratorChange: largest(after, start), discriminatorChanged: discriminatorMoved,
                            leftoverDiscriminatorGradient: leftover)
}

/// A fresh D trained alone on fixed real and fake batches with the given targets: how sure of itself it becomes.
struct SmoothingResult {
    let realTarget: Double, fakeTarget: Double
    let meanRealVerdict: Double, meanFakeVerdict: Double
    /// The mean logit log(D / (1 − D)) on real images: how far past the target D pushes.
    let meanRealLogit: Double
    /// The generator's loss −log D(G(z)) on these fakes: the signal G would get.
    let generatorLoss: Double
}

func labelSmoothingExperiment(real: Tensor, fake: Tensor, realTarget: Double, fakeTarget: Double, steps: Int, seed: UInt64) throws -> SmoothingResult {
    Session.setRandomSeed(seed)
    let discriminator = makeDiscriminator()
    discriminator.compile(optimizer: makeOptimizer(), loss: .binaryCrossentropy)
    let batch = real.shape[0]
    for _ in 0..<steps {
        try discriminator.trainOnBatch(x: real, y: Tensor.full([batch, 1], realTarget))
        try discriminator.trainOnBatch(x: fake, y: Tensor.full([batch, 1], fakeTarget))
    }
    let onReal = discriminator.predictOnBatch(real).doubles, onFake = discriminator.predictOnBatch(fake).doubles
    let clip = { (p: Double) in min(max(p, 1e-7), 1 - 1e-7) }
    return SmoothingResult(realTarget: realTarget, fakeTarget: fakeTarget,
                           meanRealVerdict: onReal.reduce(0, +) / Double(batch), meanFakeVerdict: onFake.reduce(0, +) / Double(batch),
                           meanRealLogit: onReal.map { log(clip($0) / (1 - clip($0))) }.reduce(0, +) / Double(batch),
                           generatorLoss: onFake.map { -log(clip($0)) }.reduce(0, +) / Double(batch))
}

/// The optimal discriminator for targets α on real and β on fake: D*(x) = (α·p_data + β·p_g) / (p_data + p_g).
func optimalSmoothedDiscriminator(pData: Double, pG: Double, realTarget: Double, fakeTarget: Double) -> Double {
    (realTarget * pData + fakeTarget * pG) / (pData + pG)
}
