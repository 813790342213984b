/*:
 # Chapter 7: DCGAN on CIFAR-10

 Chapter 3's generator drew digits with fully connected layers: every pixel had its own weights and
 nothing told the network that neighbouring pixels belong together. Photographs need more. Radford,
 Metz and Chintala (2015, "Unsupervised Representation Learning with Deep Convolutional Generative
 Adversarial Networks") found a recipe that makes *convolutional* GANs train stably, the **DCGAN**:

 1. the discriminator downsamples with **strided convolutions**, not pooling;
 2. the generator upsamples with **transposed convolutions** ("fractionally strided");
 3. **BatchNorm** in both networks, except the generator's output layer and the discriminator's input layer;
 4. **ReLU** in the generator, **tanh** at its output;
 5. **LeakyReLU(0.2)** in the discriminator;
 6. every weight from **N(0, 0.02)**; BatchNorm's scale γ from **N(1, 0.02)**, its shift β at 0;
 7. **Adam** with learning rate **2e-4** and **β₁ = 0.5**;
 8. mini-batches of **128**, pixels scaled to **[−1, 1]**.

 This chapter builds that DCGAN for 32×32 colour images, checks every guideline on the built models,
 takes apart a popular notebook's DCGAN by running it, and trains the real one on CIFAR-10, judged by a
 small CNN classifier the library trains itself.

 Run it with `swift run chapter-07` (`--help` for the options); `--quick` for a 30-second tour.
 */
import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import NeuralNetworks
import TensorCore

let chapter = Chapter(number: 7, title: "DCGAN on CIFAR-10",
                      summary: "Builds the DCGAN of Radford et al. for 32×32 colour images, ties each guideline to its line of code, "
                          + "takes a popular notebook's broken DCGAN apart by running it, trains the real one on CIFAR-10 and judges "
                          + "it with a small CNN classifier (classifier FID and class coverage).")
let options = Options.parseOrExit(for: chapter)
let quick = options.common.quick
var seed = options.common.seed
printTitle(chapter)

/*:
 ## The data

 CIFAR-10: 32×32 colour photographs in ten classes (airplane, automobile, bird, cat, deer, dog, frog,
 horse, ship, truck), 50,000 for training and 10,000 for testing. Pixels are scaled to [−1, 1], the
 range of the generator's tanh (guideline 8). Without `--data-dir` the catalog looks in `GAN_DATA_DIR`
 and the cache and falls back to the 2,000 training and 100 test images embedded in the package, so
 the chapter runs offline; `--download` fetches the full set (163 MB, checksummed) into the cache, and
 `--data-dir` reads CIFAR-10's standard binary batches from any folder.

 Before anything is trained, `TrainingSetup` checks every option that names a place (the data folder,
 the output folder, `--export-samples`, `--resume`) and that a batch fits in the training set; a mistake
 stops the run here, in a sentence, instead of after minutes of training.
 */
printSection("The data")
let setup = exitOnError {
    try TrainingSetup(chapter, options.common, options.training, dataset: .cifar10) { resume in
        (0...(resume.metadata["epoch"].flatMap(Int.init) ?? 0)).map(epochGridName)  // a resumed run keeps the earlier epochs' grids
    }
}
let output = setup.output
var width = options.width
if let saved = setup.resume?.metadata["width"].flatMap(Int.init), saved != width {
    print("The checkpoint's models have --width \(saved); continuing with that width.")
    width = saved
}
let trainingSet = setup.trainingSet, testSet = setup.heldOutSet
print("Training images: \(trainingSet.count), \(trainingSet.source)")
print("Test images: \(testSet.count), \(testSet.source)")
print("Images per class in the training set: " + zip(trainingSet.classNames, trainingSet.classCounts).map { "\($0) \($1)" }.joined(separator: ", "))
let firstBatch = trainingSet.tensor(range: 0..<min(64, trainingSet.count))
let pixelRange = firstBatch.scalars.min()!...firstBatch.scalars.max()!
print("Pixel range after scaling: [\(pixelRange.lowerBound), \(pixelRange.upperBound)] (the generator's tanh range)")
exitOnError {
    try saveImageGrid(firstBatch, to: output.file("real-images.png"), valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2)
    output.record("real-images.png")
}
print("The first 64 training images: real-images.png")

/*:
 ## The two players, 32×32

 The generator starts from z, 100 numbers, seen as a 100×1×1 image. A transposed convolution with a
 4×4 kernel, stride 1 and no padding turns it into 4w channels of 4×4; three more, stride 2 and
 padding 1, double the side each time while halving the channels: 8×8×2w, 16×16×w, 32×32×3.
 The discriminator is its mirror image: strided convolutions halve the side (32 → 16 → 8 → 4) while the
 channels grow (3 → w → 2w → 4w), and a last 4×4 convolution over the whole 4×4 map gives one number.

 The width w is a choice, not a guideline. PyTorch's DCGAN example uses w = 64 (256, 128, 64 channels).
 This chapter's default is **w = 32**: the work of a convolution grows with the product of its input and
 output channels, so halving w leaves about a quarter of the multiply-adds (per image, G: 4.8 million instead
 of 18.0 million; D: 4.6 million instead of 17.6 million), and on a laptop's CPU that
 buys the steps a DCGAN needs before its samples look like anything. `--width 64` trains the classic size.

 A transposed convolution scatters each input pixel into a k×k patch of the output, `stride` pixels
 apart, then crops `padding` pixels from every border. Its output side is therefore

     H_out = (H_in − 1)·stride − 2·padding + kernel + output_padding

 (output_padding adds rows on one side only, to pick between the several sizes that a strided
 convolution maps to the same H_in). The program computes it for every layer of G and compares it with
 the shape the layer actually produced.
 */
printSection("The two players, 32×32")
let student = StudentPieces.choose(useExercises: options.common.useExercises)
let gan = DCGAN(seed: seed, width: width)
if let initializer = student.initializer {
    var generator = SeededGenerator(seed: seed)
    initializer(gan.generator, &generator)
    initializer(gan.discriminator, &generator)
}
print("Generator:")
print(summary(gan.generator, inputShape: [1, noiseSize]))
print("\nDiscriminator:")
print(summary(gan.discriminator, inputShape: [1, 3, 32, 32]))

/// (H − 1)·s − 2p + k + output_padding.
func transposedOutputSide(_ side: Int, _ layer: ConvTranspose2d) -> Int {
    (side - 1) * layer.stride - 2 * layer.padding + layer.kernelSize + layer.outputPadding
}
print("\nThe output side of each transposed convolution in G, from the formula and from the layer:")
var sizeTable = TextTable(columns: ["layer", "H_in", "(H_in − 1)·s − 2p + k + op", "H_out (formula)", "H_out (measured)"])
var traced = Tensor.zeros([2, noiseSize])
withNoGrad {
    gan.generator.eval()
    for layer in gan.generator.layers {
        let input = traced
        traced = layer(input)
        guard let transposed = layer as? ConvTranspose2d else { continue }
        let side = input.shape[2]
        sizeTable.addRow([describe(transposed), String(side),
                          "(\(side) − 1)·\(transposed.stride) − 2·\(transposed.padding) + \(transposed.kernelSize) + \(transposed.outputPadding)",
                          String((student.outputSide ?? transposedOutputSide)(side, transposed)), String(traced.shape[2])])
    }
    gan.generator.train()
}
print(sizeTable)

/*:
 ## The guidelines, each tied to its line of code

 Every guideline of the paper is checked on the models just built, by reading their layers and
 measuring their initial weights; the same check is run on the notebook's DCGAN below. The code column
 quotes `Models.swift`, and `TrainingRun.swift` for the data.

 One row says NO on purpose in the default run: the paper trained on mini-batches of 128, and this run uses
 32. The other eight rows hold whatever the batch. The batch is a matter of the time you have: the Training
 section below measures why a five-minute run is better off with more, smaller steps. `--batch-size 128`
 gives the paper's recipe, row 9 included.
 */
printSection("The guidelines, each tied to its line of code")
func guidelineTable(_ checks: [GuidelineCheck]) -> String {
    var table = TextTable(columns: ["#", "guideline", "holds", "measured on the models"])
    for check in checks { table.addRow([String(check.number), check.rule, check.holds ? "yes" : "NO", check.evidence]) }
    return table.description
}
let ourChecks = checkGuidelines(generator: gan.generator, discriminator: gan.discriminator, optimizerG: gan.optimizerG,
                                optimizerD: gan.optimizerD, batchSize: setup.batchSize, pixelRange: pixelRange)
print(guidelineTable(ourChecks))
print("\nWhere each guideline lives (Models.swift; 8 and 9 in TrainingRun.swift):")
for check in ourChecks { print("  \(check.number). \(check.code)") }


/*:
 ## One training step

 The step is chapter 3's, with the DCGAN's networks: update D once, then G once, with binary
 cross-entropy.

 1. **Discriminator.** Clear D's gradients. Score a batch of real images against 1 and a batch of fakes
    against 0. The fakes are **detached**: this step must change D only. Real and fake images go through
    D in separate batches, so each BatchNorm sees statistics of one kind of image at a time, as in the
    DCGAN paper's code. Backward, `optimizerD.step()`.
 2. **Generator.** Clear G's gradients. Score the same fakes with the updated D, *not* detached, against
    **1** (the non-saturating loss −log D(G(z))). Backward through D into G, `optimizerG.step()`.
 */
printSection("One training step")
/// What one step reports: both losses and D's mean verdict on the real and the fake batch.
struct StepMetrics {
    var dLoss: Double
    var gLoss: Double
    var dReal: Double
    var dFake: Double
}

let bce = BCELoss()

/// One discriminator update and one generator update on a batch of real images `[B, 3, 32, 32]`.
func trainingStep(_ gan: DCGAN, real: Tensor, noise: inout SeededGenerator) -> StepMetrics {
    let batchSize = real.shape[0]

    // (1) The discriminator: real → 1, detached fake → 0.
    gan.optimizerD.zeroGrad()
    let z = Tensor.randn([batchSize, noiseSize], using: &noise)
    let fake = gan.generator(z)
    let dReal = gan.discriminator(real)
    let dFake = gan.discriminator(fake.detach())
    let lossD = bce(dReal, Tensor.ones([batchSize, 1])) + bce(dFake, Tensor.zeros([batchSize, 1]))
    lossD.backward()
    gan.optimizerD.step()

    // (2) The generator: the non-saturating loss, fake → 1, judged by the updated discriminator.
    gan.optimizerG.zeroGrad()
    let lossG = bce(gan.discriminator(fake), Tensor.ones([batchSize, 1]))
    lossG.backward()
    gan.optimizerG.step()

    return StepMetrics(dLoss: Double(lossD.item), gLoss: Double(lossG.item),
                       dReal: Double(dReal.detach().mean().item), dFake: Double(dFake.detach().mean().item))
}
print("trainingStep: D on real (target 1) and detached fake (target 0), then G with the non-saturating loss; "
      + "BCE, Adam lr 2e-4, betas (0.5, 0.999), batch \(setup.batchSize).")

/*:
 ## The judge: a small CNN that knows CIFAR-10

 Chapter 3 judged digits with a small MLP; colour photographs need convolutions. `ConvClassifier`
 (three 3×3 convolutions with max-pooling, then a 128-unit layer) is trained with this library on the
 real training images, once: it is cached under a name that fingerprints the training set and the
 recipe. Its 128 penultimate features give the **classifier FID** (the Fréchet distance between the
 Gaussians fitted to the features of two sets of images; 0 = the same statistics), and its predicted
 classes the **class coverage** (normalised entropy of the class histogram, 1 = all ten classes
 equally often; a class under 2% of the samples flags mode collapse).

 The reference statistics come from real training images. Real images the reference does not contain
 and uniform noise are judged like generated ones: they mark the two ends of the scale. Every row
 judges the same number of images, since FID's bias depends on it. A classifier that tells CIFAR-10
 classes apart only half the time is a coarse judge: compare rows with each other, not with published
 Inception FIDs. With `--quick` the judge trains for only 40 steps; it then favours a few classes even
 for real images, so its coverage figures mean little.
 */
printSection("The judge: a small CNN that knows CIFAR-10")
let classifierSteps = quick ? 40 : 400
let cache = ClassifierCache(directories: [DatasetCatalog().cacheDirectory.appendingPathComponent("classifiers"), output.url],
                            trainingSteps: classifierSteps)
let classifierClock = Stopwatch()
let classifierProgress = ProgressReporter(total: classifierSteps, label: "training the judge")
let (classifier, origin) = exitOnError {
    try cache.classifier(ConvClassifier.self, for: trainingSet, datasetName: "cifar10") { step, loss in
        classifierProgress.update(step: step, metrics: ["loss": loss])
    }
}
classifierProgress.finish()
switch origin {
case .loaded(let url): print("Classifier loaded from the cache \(url.path)")
case .trained(let url):
    print("Classifier trained (\(classifierSteps) steps of 128) in \(classifierClock.elapsed.formatted(significantDigits: 2)) s"
          + (url.map { ", cached as \($0.path)" } ?? " (no writable cache folder)"))
}
print("Classifier accuracy on the \(testSet.count) test images: \(percent(classifier.accuracy(on: testSet))) (chance: 10%)")
// Rows of 1,000 images (300 with --quick), fewer only for a training set under 3,000 images.
let judgeCount = max(2, min(quick ? 300 : 1000, trainingSet.count / 3))
let realRowFromTest = testSet.count >= judgeCount
let referenceCount = min(realRowFromTest ? trainingSet.count : trainingSet.count - judgeCount, 5000)
let judge = QualityJudge(classifier: classifier, reference: trainingSet.tensor(range: 0..<referenceCount), classCount: 10)
let realRowImages = realRowFromTest ? testSet.tensor(range: 0..<judgeCount)
    : trainingSet.tensor(range: (trainingSet.count - judgeCount)..<trainingSet.count)
let realRowName = realRowFromTest ? "real test images" : "real training images not in the reference"
let realQuality = judge.judge(realRowImages)
var noiseGenerator = SeededGenerator(seed: seed &+ 3)
let noiseQuality = judge.judge(Tensor.uniform([judgeCount, 3, 32, 32], low: -1, high: 1, using: &noiseGenerator))
let untrainedQuality = judge.judge(DCGAN(seed: seed, width: width).sample(judgeCount, seed: seed &+ 7))
print("Reference: the first \(referenceCount) training images; every row below judges \(judgeCount) images.")
print(qualityTable([(realRowName, realQuality), ("the generator before training", untrainedQuality), ("uniform noise", noiseQuality)],
                   classNames: trainingSet.classNames))
/*:
 ## A notebook's DCGAN, taken apart by running it

 A popular PyTorch notebook ends with a "DCGAN" for CIFAR-10 that it never trains ("I'm not going to
 spend the weeks that it would take to train this here"). Read it layer by layer and it falls apart:

 - its discriminator *opens* with a transposed convolution, upsampling the 32×32 image to 64×64 before
   two strided convolutions bring it down to 16×16; the comment says it "downscales the inputted 64x64
   3 channel image";
 - it then upsamples *again*, with a transposed convolution (k4 s2 p0) to a 1×34×34 map, and flattens
   that into `Linear(34 * 34, 1)`: (16 − 1)·2 − 0 + 4 = 34;
 - the generator's comments promise "512 layers of a 4x4 image" and "a 64x64 3 channel (rgb) image";
   the code makes 256 channels and 32×32 images;
 - its `init_weights` draws BatchNorm's scale γ from N(0, 0.02) instead of N(1, 0.02), and is never
   called, so the models keep PyTorch's defaults anyway;
 - its training loop clears both models' gradients, does *not* detach the fakes in D's loss, and steps
   G on the sum of D's and G's loss gradients, with Adam at lr 1e-3, five times the paper's rate.

 Rather than believe the reading, run it: trace the shapes, count the parameters, check the guidelines,
 measure what the BatchNorm initialisation does, and race it against the DCGAN above.
 */
printSection("A notebook's DCGAN, taken apart by running it")
let notebook = NotebookGAN(seed: seed &+ 100)
print("The notebook's generator:")
print(summary(notebook.generator, inputShape: [1, noiseSize]))
print("\nThe notebook's discriminator (note the 64×64 after the first layer and the 34×34 before the Linear):")
print(summary(notebook.discriminator, inputShape: [1, 3, 32, 32]))
var parameterTable = TextTable(columns: ["model", "generator", "discriminator"])
parameterTable.addRow(["DCGAN (this chapter)", grouped(gan.generator.parameterCount), grouped(gan.discriminator.parameterCount)])
parameterTable.addRow(["the notebook's", grouped(notebook.generator.parameterCount), grouped(notebook.discriminator.parameterCount)])
print("\nParameters:")
print(parameterTable)
// Compared at the notebook's own channel counts (width 64), so that the difference is its layout alone.
let dWork = multiplyAdds(notebook.discriminator, input: [1, 3, 32, 32])
let ourDWork = multiplyAdds(DCGAN(seed: seed, width: 64).discriminator, input: [1, 3, 32, 32])
print("Multiply-adds for one image through D: notebook \(grouped(dWork)), DCGAN at width 64 \(grouped(ourDWork)) "
      + "(\(fmt(Double(dWork) / Double(ourDWork)))×: most of it spent on the 64×64 map the first layer made up).")
print("\nThe guidelines, checked on the notebook's models as they run (no init_weights, Adam lr 1e-3, batch 100):")
print(guidelineTable(checkGuidelines(generator: notebook.generator, discriminator: notebook.discriminator,
                                     optimizerG: notebook.optimizerG, optimizerD: notebook.optimizerD,
                                     batchSize: 100, pixelRange: pixelRange)))

/*:
 ### What BatchNorm's scale does at the start

 BatchNorm normalises each channel to mean 0 and standard deviation 1, then multiplies by γ and adds β.
 With γ ≈ 1 the signal keeps unit size from layer to layer. With γ drawn from N(0, 0.02), as the
 notebook's `init_weights` does, each channel leaves the BatchNorm at about 2% of that size (and half of
 the channels with their sign flipped): the generator's output, and the gradients that must come back
 through those γs, shrink accordingly. Below, the same DCGAN architecture is initialised both ways and
 measured on one batch: the activation std after each block, and the RMS of each layer's weight gradient.
 */
print("\nActivation and gradient scales at initialisation, BatchNorm γ from N(1, 0.02) vs N(0, 0.02):")
var scaleGenerator = SeededGenerator(seed: seed &+ 200)
let scaleBatch = trainingSet.tensor(range: 0..<min(64, trainingSet.count))
let scaleNoise = Tensor.randn([scaleBatch.shape[0], noiseSize], using: &scaleGenerator)
let goodInit = DCGAN(seed: seed &+ 201, width: width)
let badInit = DCGAN(seed: seed &+ 201, width: width)
notebookInitWeights(badInit.generator, using: &scaleGenerator)
notebookInitWeights(badInit.discriminator, using: &scaleGenerator)
let goodScales = measureScales(generator: goodInit.generator, discriminator: goodInit.discriminator, real: scaleBatch, z: scaleNoise)
let badScales = measureScales(generator: badInit.generator, discriminator: badInit.discriminator, real: scaleBatch, z: scaleNoise)
var scaleTable = TextTable(columns: ["where", "γ ~ N(1, 0.02)", "γ ~ N(0, 0.02)", "ratio"])
func addScaleRows(_ scaleTable: inout TextTable, _ prefix: String, _ good: [(layer: String, std: Double)], _ bad: [(layer: String, std: Double)]) {
    for (g, b) in zip(good, bad) {
        scaleTable.addRow(["\(prefix) activations, \(g.layer)", scientific(g.std), scientific(b.std), scientific(b.std / g.std)])
    }
}
func addGradientRows(_ scaleTable: inout TextTable, _ prefix: String, _ good: [(layer: String, rms: Double)], _ bad: [(layer: String, rms: Double)]) {
    for (g, b) in zip(good, bad) {
        scaleTable.addRow(["\(prefix) weight gradient, \(g.layer)", scientific(g.rms), scientific(b.rms), scientific(b.rms / g.rms)])
    }
}
addScaleRows(&scaleTable, "G", goodScales.g.activations, badScales.g.activations)
addGradientRows(&scaleTable, "G", goodScales.g.gradients, badScales.g.gradients)
addScaleRows(&scaleTable, "D", goodScales.d.activations, badScales.d.activations)
addGradientRows(&scaleTable, "D", goodScales.d.gradients, badScales.d.gradients)
print(scaleTable)
let goodImageStd = goodScales.g.activations.last!.std, badImageStd = badScales.g.activations.last!.std
print("With γ ~ N(0, 0.02) the generator's first images have pixel std \(scientific(badImageStd)) instead of \(scientific(goodImageStd)): "
      + "flat grey squares, \(fmt(goodImageStd / badImageStd))× fainter.")

/// "1.2e-03".
func scientific(_ x: Double) -> String { String(format: "%.2e", x) }

/// The multiply-adds of one forward pass of `model` for an input of shape `input`, counted from each conv and linear layer's shapes.
func multiplyAdds(_ model: Sequential, input: [Int]) -> Int {
    var x = Tensor.zeros(input), total = 0
    model.eval()
    defer { model.train() }
    withNoGrad {
        for layer in model.layers {
            let y = layer(x)
            switch layer {
            case let conv as Conv2d: total += y.count / y.shape[0] * conv.inChannels * conv.kernelSize * conv.kernelSize
            case let conv as ConvTranspose2d: total += x.count / x.shape[0] * conv.outChannels * conv.kernelSize * conv.kernelSize
            case let linear as Linear: total += linear.weight.count
            default: break
            }
            x = y
        }
    }
    return total
}

/*:
 ### The race: the notebook's DCGAN against the fixed one

 Both train for the same steps on the same batches (size below), with the same noise: the notebook's
 models, initialisation and loop on one side; this chapter's on the other, at the notebook's channel counts
 (w = 64: 256, 128, 64), so that its mistakes are the only difference. The judge then scores the
 same number of samples from each. The notebook's discriminator costs many times more per step (the
 multiply-adds above), so the race is short; `--race-steps` makes it longer.
 */
let raceSteps = options.raceSteps ?? (quick ? Options.quickRaceSteps : Options.defaultRaceSteps)
let raceBatch = 16
var raceVerdict: String?
let raceLength = "\(raceSteps) step\(raceSteps == 1 ? "" : "s")"
if raceSteps == 0 {
    print("\nThe race is skipped (--race-steps 0).")
} else {
    print("\nThe race: \(raceLength) of \(raceBatch) images each, seed \(seed).")
    let broken = NotebookGAN(seed: seed &+ 300), fixed = DCGAN(seed: seed &+ 300, width: 64)  // the notebook's channels
    var loader = DataLoader(trainingSet, batchSize: raceBatch, seed: seed &+ 301)
    var brokenNoise = SeededGenerator(seed: seed &+ 302), fixedNoise = SeededGenerator(seed: seed &+ 302)
    let raceProgress = ProgressReporter(total: raceSteps, label: "race")
    var brokenSeconds = 0.0, fixedSeconds = 0.0, step = 0
    while step < raceSteps {
        for batch in loader.epoch() where step < raceSteps {
            let brokenClock = Stopwatch()
            let (brokenD, brokenG) = broken.step(real: batch.images, noise: Tensor.randn([raceBatch, noiseSize], using: &brokenNoise))
            brokenSeconds += brokenClock.elapsed
            let fixedClock = Stopwatch()
            let m = trainingStep(fixed, real: batch.images, noise: &fixedNoise)
            fixedSeconds += fixedClock.elapsed
            step += 1
            raceProgress.update(step: step, metrics: ["notebook D loss": brokenD, "notebook G loss": brokenG, "DCGAN D loss": m.dLoss, "DCGAN G loss": m.gLoss])
        }
    }
    raceProgress.finish()
    var raceNoise = SeededGenerator(seed: seed &+ 7)
    let z = Tensor.randn([judgeCount, noiseSize], using: &raceNoise)
    let brokenQuality = judge.judge(broken.sample(z)), fixedQuality = judge.judge(fixed.sample(z))
    print(qualityTable([(realRowName, realQuality), ("DCGAN (fixed), \(raceLength)", fixedQuality),
                        ("notebook DCGAN, \(raceLength)", brokenQuality), ("uniform noise", noiseQuality)],
                       classNames: trainingSet.classNames))
    print("Time per step: notebook \(fmt(brokenSeconds / Double(raceSteps))) s, DCGAN \(fmt(fixedSeconds / Double(raceSteps))) s.")
    let better = fixedQuality.frechetDistance < brokenQuality.frechetDistance
    raceVerdict = "After \(raceLength) of \(raceBatch), the fixed DCGAN's classifier FID is \(fmt(fixedQuality.frechetDistance)), "
        + "the notebook's \(fmt(brokenQuality.frechetDistance)) (\(better ? "the fixed one is closer to the real images" : "the notebook's is closer in this run")); "
        + "coverage entropy \(fmt(fixedQuality.coverage.normalizedEntropy)) vs \(fmt(brokenQuality.coverage.normalizedEntropy)); "
        + "\(fmt(brokenSeconds / max(fixedSeconds, 1e-9)))× the time per step for the notebook's."
    print(raceVerdict!)
    exitOnError {
        let shown = min(32, judgeCount)
        let grid = { (images: Tensor, caption: String) in
            Image.grid(of: images[0..<shown], valueRange: .minusOneToOne, nrow: 8, padValue: 1, scale: 2).captioned(caption)
        }
        try Image.row([grid(fixed.sample(z[0..<shown]), "DCGAN, \(raceLength)"), grid(broken.sample(z[0..<shown]), "notebook, \(raceLength)")],
                      spacing: 16).writePNG(to: output.file("race.png"))
        output.record("race.png")
    }
    print("Samples of both after the race, same noise: race.png")
}

/*:
 ## Training

 The progress line shows the step, the rate and the time left, both losses, and D's mean verdicts:
 D(x) on real images and D(G(z)) on fakes. After every epoch the same 64 noise vectors go through G
 (the grids under `samples/`) and a training checkpoint is written, which `--resume` continues from.
 About a dozen times per run (every few epochs, and after the last) the judge scores fresh samples.

 How long is long enough? Read the strip `progress-strip.png` and the classifier FID as it goes. The first
 grid is grey with a fine coloured texture: samples are drawn in evaluation mode, and BatchNorm's running
 statistics need some tens of steps to settle. After that the strip shows what the generator makes, and the
 FID says whether it moves from the "before training" row towards the real row.

 ### Why the default batch is 32, not the paper's 128

 A five-minute run can spend its time on a few big steps or on many small ones. On two cores a step of 32 images
 takes about a quarter of the time of a step of 128, so the three minutes left after the judge and the race hold
 3,600 steps of 32 or 900 steps of 128: the same 115,200 images, four times the updates. The course authors ran
 both (and 64 once), on the embedded sample, with `--seed S --batch-size B --steps N --race-steps 0` (the race
 draws from seeds of its own, so skipping it changes nothing else), judged as below (FID of real images 18.0, of
 noise 2,266):

 | seed | 900 steps of 128 | 1,800 steps of 64 | 3,600 steps of 32 |
 |---|---|---|---|
 | 42 | 253 | 92.0 | 38.9 |
 | 43 | 233 | | 44.9 |
 | 44 | 222 | | 40.2 |
 | 45 | 175 | | 41.7 |

 (The 3,600-step column was measured again on the final library; the first runs, on kernels that rounded a little
 differently, gave 45.8, 45.4, 44.1 and 44.6. A seed fixes the draws, not the rounding, so your digits will
 differ.)

 At 128 the samples are colour scenes, sky above ground with dark masses where objects would stand. At 32
 many samples are things one can name, rough at the edges: ships on blue water at every seed, red cars and
 horses or deer in grass at most (roughest at seed 45). Early in training a GAN is short of updates more
 than of precise gradients, and a batch of 32 still gives BatchNorm and Adam steady enough statistics.
 PyTorch's own DCGAN example uses 64. The default stops at 3,600 steps, so that the whole run fits in about
 five minutes on two cores. The program says below how long a longer run would take and what it gave.
 */
printSection("Training")
let batchesPerEpoch = setup.batchesPerEpoch
let totalSteps = setup.totalSteps
var history = RunRecord()
if let resume = setup.resume {
    let metadata = exitOnError { try gan.restore(from: resume.url) }
    if let saved = metadata["seed"].flatMap(UInt64.init), saved != seed {
        print("The checkpoint was trained with --seed \(saved); continuing with that seed.")
        seed = saved
    }
    if let saved = metadata["batch-size"].flatMap(Int.init), saved != setup.batchSize {
        print("The checkpoint was trained on batches of \(saved); this run continues with batches of \(setup.batchSize) "
              + "(give --batch-size \(saved) to keep the checkpoint's).")
    }
    history = exitOnError { try RunRecord(continuing: TrainingHistory.load(from: resume.url), atStep: gan.step) }
    print(setup.resumeSummary!)
}
// Judging 1,000 samples costs about as much as a few training steps: about a dozen times per run is enough for the curve.
let judgeEveryEpochs = max(1, Int((Double(totalSteps) / Double(batchesPerEpoch) / 12).rounded(.up)))
var fixedNoiseGenerator = SeededGenerator(seed: seed &+ 1)
let fixedNoise = Tensor.randn([64, noiseSize], using: &fixedNoiseGenerator)
print("\(totalSteps) steps of \(setup.batchSize) images (\(batchesPerEpoch) steps per epoch), seed \(seed).")
let settings = RunSettings(totalSteps: totalSteps, batchSize: setup.batchSize, seed: seed, label: "training",
                           judgeEveryEpochs: quick ? 0 : judgeEveryEpochs, judgeCount: judgeCount, output: output, scale: (realQuality, untrainedQuality))
let record = exitOnError { try train(gan, on: trainingSet, settings, fixedNoise: fixedNoise, judge: judge, continuing: history) }

/*:
 ## What the generator learned

 The final grid, a strip of the same eight noise vectors across the epochs (read it top to bottom to
 watch grey noise become colour masses, then scenes, then things), real images beside generated ones, and
 the training curves.
 */
printSection("What the generator learned")
exitOnError {
    try writeFigures(gan: gan, record: record, fixedNoise: fixedNoise, realImages: firstBatch, output: output)
    try saveSafetensors(gan.generator.namedParameters().map { ($0.name, $0.tensor) } + gan.generator.namedBuffers().map { ($0.name, $0.tensor) },
                        metadata: ["dataset": "cifar10", "step": String(gan.step), "seed": String(seed)],
                        to: output.file("generator.safetensors"))
    output.record("generator.safetensors")
}
print("Final grid samples-final.png, strip progress-strip.png, real-vs-fake.png, curves losses.png and discriminator-outputs.png"
      + (record.quality.rows.isEmpty ? "." : ", FID per epoch fid-per-epoch.png."))

/*:
 ## Measured quality

 The generated images are judged exactly like the two reference rows.
 */
printSection("Measured quality")
// The training run judged these very samples after its last epoch; judge them here only if it did not.
let finalQuality = record.finalQuality ?? judge.judge(gan.sample(judgeCount, seed: seed &+ 7))
let rows: [(String, SampleQuality)] = [(realRowName, realQuality), ("generated, step \(gan.step)", finalQuality),
                                       ("the generator before training", untrainedQuality), ("uniform noise", noiseQuality)]
print(qualityTable(rows, classNames: trainingSet.classNames))
let verdict = verdictSentence(finalQuality.verdict(real: realQuality, untrained: untrainedQuality), quality: finalQuality,
                              classNames: trainingSet.classNames, step: gan.step)
print(verdict)

/*:
 ## How long a longer run takes

 The rate below is this run's, judging and checkpoints included. A longer run needs more images as
 well as more steps: on the 2,000-image sample one epoch is only 62 steps of 32, and a discriminator that
 sees the same images again and again learns them by heart. `--download` (50,000 images) or `--data-dir`
 with CIFAR-10's binary batches gives it more. Measured by the course's authors on two cores, with `--data-dir`
 and `data_batch_1`'s 10,000 images (the judge then trains on them; real test images score 0.8):

 | run | time | judge FID | what the samples show |
 |---|---|---|---|
 | 3,600 steps of 32 | about 3 min | 6.8 at step 3,744 (seed 42) | cars, ships, animals, rough at the edges |
 | 10,000 steps of 32 | about 7.5 min | 9.9 at step 4,680, then 10.7–19.4; 16.6 at the end, rarest class under 2% | smoother objects, but fewer kinds: dogs, frogs and horses fade |
 | 1,500 steps of 128 | about 5 min | 18–28 over seeds 44–47, every class above 2% | skies, fields, object-like silhouettes |
 | 5,000 steps of 128 | 16–18 min | 11.2 (seed 42), every class above 2% | the first things one can name: ships on water, red cars, animals in grass |

 So the small batch gets there fast and then wanders: past about 4,000 steps its FID got worse and
 classes went missing. For a run of a quarter of an hour or more, take the paper's batch of 128.
 The FID of one run jumps between epochs (at batch 128, seed 42: 5.0 at step 2,808, 25.9 at 4,212, 11.2 at 5,000): judge
 the last few epochs together, not one. To compare with PyTorch, `Scripts/reference_dcgan.py` trains the same
 DCGAN the same way (`--batch-size 128 --steps 1500` on `data_batch_1`) and `Scripts/judge_cifar_samples.py`
 judges both sets of exported samples with a classifier of its own.
 */
printSection("How long a longer run takes")
let rate = record.stepsPerSecond
if rate > 0 {
    // What the course's authors saw at these lengths on 10,000 images (the table above), for the two batch sizes measured.
    let seen: [Int: [(steps: Int, gave: String)]] = [
        32: [(10_000, "smoother objects, but FID worse after about 4,000 steps and fewer kinds; for longer, use --batch-size 128")],
        128: [(1500, "skies, fields, object-like silhouettes"), (5000, "the first things one can name"), (20_000, "not measured yet")]]
    let lengths = seen[setup.batchSize] ?? [(10_000, "not measured at batch \(setup.batchSize)")]
    let batchFlag = setup.batchSize == Chapter07Defaults.batchSize ? "" : " --batch-size \(setup.batchSize)"
    for (steps, gave) in lengths where steps > gan.step {
        print("  \(grouped(steps)) steps of \(setup.batchSize), about \(duration(Double(steps) / rate)) at this run's \(fmt(rate)) steps/s: \(gave)")
        print("      swift run chapter-07\(batchFlag) --steps \(steps)" + (trainingSet.count < 10_000 ? " --download   (or --data-dir with more images)" : ""))
    }
    if setup.batchSize != 128 {
        print("  5,000 steps of 128, the paper's batch, took the course's authors 16–18 min on two cores: the first things one can name, every class above 2%")
        print("      swift run chapter-07 --batch-size 128 --steps 5000" + (trainingSet.count < 10_000 ? " --download" : ""))
    }
} else {
    print("No steps were trained in this run, so there is no rate to extrapolate from.")
}

/*:
 ## Samples for an outside judge

 `--export-samples PATH.npy --samples N` writes N generated images as float32 N×3×32×32 in [−1, 1],
 the layout `Scripts/judge_cifar_samples.py` reads to compare this run with the PyTorch reference
 (`Scripts/reference_dcgan.py`) using a classifier that has nothing to do with this chapter.
 */
if let url = setup.exportSamples {
    exportSamples(count: options.training.samples, to: url, seed: seed, output: output) { gan.sample($0, seed: $1) }
}

printSection("Summary")
let report = runSummary(dataset: trainingSet, width: width, steps: gan.step, epochs: gan.epoch, seconds: record.seconds, rows: rows,
                        log: record.log, verdict: verdict, raceVerdict: raceVerdict)
exitOnError { try output.write(report, to: "summary.md") }
print(report)
print(output.summary)
