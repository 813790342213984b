/*:
 # Chapter 3: The vanilla GAN, trained for real and measured

 A **generative adversarial network** is two networks playing a game. The *generator* G turns random
 noise z into an image; the *discriminator* D looks at an image and says how likely it is to be real.
 D is trained to tell the training images from G's images; G is trained to make D say "real".
 Neither sees the other's weights, only its verdicts: G learns what real images look like solely
 through the gradients that flow back from D's judgement of its fakes.

 Goodfellow et al. (2014) wrote the game as min_G max_D E[log D(x)] + E[log(1 − D(G(z)))]. At its
 equilibrium G's images are distributed like the data and D can only guess, D = ½ everywhere.

 This chapter trains the classic multi-layer-perceptron GAN of the PyTorch tutorials on MNIST (or
 Fashion-MNIST), exactly as they write it, and then does what they rarely do: it **measures** the
 samples, with a classifier-based Fréchet distance and the coverage of the ten classes, because a
 GAN's loss curves say almost nothing about how good its images are.

 Run it with `swift run chapter-03` (`--help` for the options); `--quick` for a 30-second tour.
 */
import ChapterSupport
import Datasets
import Evaluation
import Figures
import Foundation
import NeuralNetworks
import TensorCore

let chapter = Chapter(number: 3, title: "The vanilla MLP GAN",
                      summary: "Trains the PyTorch tutorials' MLP GAN on MNIST or Fashion-MNIST, shows four tutorial pitfalls, "
                          + "and judges the samples with a classifier FID and class coverage; mode collapse and label smoothing.")
let options = Options.parseOrExit(for: chapter)
let quick = options.common.quick
var seed = options.common.seed
printTitle(chapter)

/*:
 ## The data

 Images are scaled to [-1, 1], the range of the generator's final `tanh`. Without `--data-dir` the
 catalog looks in the usual places and falls back to the sample embedded in the package
 (4,500 MNIST training digits and 500 held-out ones), so the chapter runs offline; `--download`
 fetches the full 60,000 (with progress and checksums) into the cache once.

 Before anything is trained, `TrainingSetup` checks every option that names a place: the data folder
 must hold the dataset, the batch must fit in the training set, the output folder and the
 `--export-samples` folder must be writable, and `--resume` must name a training checkpoint. A
 mistake stops the run here, in a sentence, instead of after ten minutes of training. The output
 folder then belongs to this run alone: the files an earlier run left there are removed first.
 */
printSection("The data")
let setup = exitOnError {
    try TrainingSetup(chapter, options.common, options.training, dataset: options.dataset.name) { resume in
        (0...(resume.metadata["epoch"].flatMap(Int.init) ?? 0)).map(epochGridName)  // a resumed run keeps the earlier epochs' grids
    }
}
let output = setup.output
let trainingSet = setup.trainingSet, heldOutSet = setup.heldOutSet
print("Training images: \(trainingSet.count), \(trainingSet.source)")
print("Held-out images: \(heldOutSet.count), \(heldOutSet.source)")
let firstBatch = trainingSet.tensor(range: 0..<min(64, trainingSet.count))
print("Pixel range after scaling: [\(firstBatch.scalars.min()!), \(firstBatch.scalars.max()!)] (the generator's tanh range)")

/*:
 ## The two players

 The generator maps 100 noise numbers through 256, 512 and 1024 units to 784 pixels; the
 discriminator maps 784 pixels through 512, 256 and 128 units to one probability. LeakyReLU(0.2)
 keeps a gradient flowing for negative inputs; Dropout(0.3) keeps D from memorising the training
 images; every weight starts from N(0, 0.02), every bias at 0 (the DCGAN paper's initialisation).
 */
printSection("The two players")
let gan = GAN(seed: seed)
print("Generator:")
print(summary(gan.generator, inputShape: [1, noiseSize]))
print("\nDiscriminator:")
print(summary(gan.discriminator, inputShape: [1, 784]))

/*:
 ## One training step, PyTorch-tutorial style

 Each step updates D once, then G once, with binary cross-entropy (BCE):

 1. **Discriminator.** Clear D's gradients. Score a batch of real images against the target 1 and a
    batch of fakes against 0. The fakes are **detached**: this step changes D only, so there is no
    reason to send gradients into G (and G's graph is kept for step 2). Backward, `optimizerD.step()`.
 2. **Generator.** Clear G's gradients. Score the same fakes again with the updated D, this time
    *not* detached, against the target **1**. This is the *non-saturating* loss −log D(G(z)): the
    minimax form log(1 − D(G(z))) has almost no gradient early on, when D easily rejects the fakes.
    Backward (through D into G), `optimizerG.step()`.

 Both optimisers are AdamW with lr 2e-4, betas (0.5, 0.999) and weight decay 1e-5; β₁ = 0.5 instead
 of 0.9 keeps Adam's momentum from carrying a player too far while the other one moves.
 */
printSection("One training step")
/// What one step reports: both losses and D's mean verdict on the real and the fake batch.
struct StepMetrics {
    var dLoss: Double
    var gLoss: Double
    var dReal: Double
    var dFake: Double
}

/// BCE from the library, or with `--use-exercises` your exercises 3.1 and 3.2 (see StudentCode.swift).
let losses = TrainingLosses.choose(useExercises: options.common.useExercises)

/// One discriminator update and one generator update on a batch of real images `[B, 1, 28, 28]`.
func trainingStep(_ gan: GAN, real images: Tensor, noise: inout SeededGenerator, realLabel: Double) -> StepMetrics {
    let batchSize = images.shape[0]
    let real = images.reshape([batchSize, 784])

    // (1) The discriminator: real → realLabel, detached fake → 0.
    gan.optimizerD.zeroGrad()
    let z = Tensor.randn([batchSize, noiseSize], using: &noise)
    let fake = gan.generator(z)
    let dReal = gan.discriminator(real)
    let dFake = gan.discriminator(fake.detach())
    let lossD = losses.discriminator(dReal, dFake, realLabel)
    lossD.backward()
    gan.optimizerD.step()

    // (2) The generator: the non-saturating loss, fake → 1, judged by the updated discriminator.
    gan.optimizerG.zeroGrad()
    let lossG = losses.generator(gan.discriminator(fake))
    lossG.backward()
    gan.optimizerG.step()

    return StepMetrics(dLoss: Double(lossD.item), gLoss: Double(lossG.item),
                       dReal: Double(dReal.detach().mean().item), dFake: Double(dFake.detach().mean().item))
}
print("trainingStep: D on real (target \(options.realLabel.formatted(significantDigits: 2))) and detached fake (target 0), "
      + "then G with the non-saturating loss; BCE, AdamW lr 2e-4, betas (0.5, 0.999), weight decay 1e-5, batch \(setup.batchSize).")

/*:
 ## Four pitfalls of popular GAN tutorials

 Each one is shown by running it, not just described.
 */
printSection("Four pitfalls of popular GAN tutorials")
showPitfalls(trainingSet: trainingSet, seed: seed)

/*:
 ## The judge: a classifier of real images

 To measure samples we need eyes that know the data. A small MLP classifier is trained on the real
 training images (once: it is cached under a name that fingerprints the training set, so a different
 dataset never reuses a stale one). Its 64-unit penultimate layer gives each image a feature vector:

 - **classifier FID**: fit a Gaussian to the features of the generated images and one to those of
   real training images, and take the Fréchet distance |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2(Σ₁^½ Σ₂ Σ₁^½)^½)
   (FID with a small classifier instead of Inception). 0 means the same statistics; lower is better.
 - **class coverage**: the histogram of predicted classes and its normalised entropy (1 = all ten
   classes equally often). A class under 2% of the samples flags **mode collapse**.

 The reference statistics come from the training images (up to 10,000), as in the usual FID. Held-out
 real images are judged exactly like generated ones, and so are the generator's images before its
 first step (grey blobs) and uniform noise: they mark the scale. Every row judges the same number of
 images, since FID's bias depends on it.

 Note how the classifier spreads noise over many classes: its coverage entropy is high, and a
 coverage figure alone would call noise diverse. Read the two figures together: coverage says *which*
 classes appear, FID says whether they look like the data.
 */
printSection("The judge: a classifier of real images")
let cache = ClassifierCache(directories: [DatasetCatalog().cacheDirectory.appendingPathComponent("classifiers"), output.url],
                            trainingSteps: quick ? 150 : 600)
let classifierClock = Stopwatch()
let (classifier, origin) = exitOnError { try cache.classifier(for: trainingSet, datasetName: options.dataset.rawValue) }
switch origin {
case .loaded(let url): print("Classifier loaded from the cache \(url.path)")
case .trained(let url):
    if let url, url.deletingLastPathComponent().standardizedFileURL == output.url { output.record(url.lastPathComponent) }
    print("Classifier trained in \(classifierClock.elapsed.formatted(significantDigits: 2)) s"
          + (url.map { ", cached as \($0.path)" } ?? " (no writable cache folder)"))
}
print("Classifier accuracy on the held-out images: \(percent(classifier.accuracy(on: heldOutSet)))")
let referenceCount = min(trainingSet.count, 10_000)
let judgeCount = min(heldOutSet.count, 2000)
let judge = QualityJudge(classifier: classifier, reference: trainingSet.tensor(range: 0..<referenceCount),
                         classCount: trainingSet.classNames.count)
let realQuality = judge.judge(heldOutSet.tensor(range: 0..<judgeCount))
var noiseGenerator = SeededGenerator(seed: seed &+ 3)
let noiseQuality = judge.judge(Tensor.uniform([judgeCount, 1, 28, 28], low: -1, high: 1, using: &noiseGenerator))
let untrainedQuality = judge.judge(GAN(seed: seed).sample(judgeCount, seed: seed &+ 7))
print("Reference: \(referenceCount) training images; every row below judges \(judgeCount) images.")
print(qualityTable([("real held-out images", realQuality), ("generator before training", untrainedQuality), ("uniform noise", noiseQuality)]))

/*:
 ## Training

 The progress line shows the epoch, the step, the rate and the time left, both losses, and D's mean
 verdicts: D(x) on real images and D(G(z)) on fakes. In a healthy run neither loss runs to zero and
 D(G(z)) hovers well above 0. After every epoch the same 64 noise vectors go through G (the grids
 under `samples/`) and a training checkpoint is written, which `--resume` continues from.
 */
printSection("Training")
let batchesPerEpoch = setup.batchesPerEpoch
let totalSteps = setup.totalSteps
var realLabel = options.realLabel
var history = RunRecord()
if let resume = setup.resume {
    let metadata = exitOnError { try gan.restore(from: resume.url) }
    if let saved = metadata["seed"].flatMap(UInt64.init), saved != seed {
        print("The checkpoint was trained with --seed \(saved); continuing with that seed.")
        seed = saved
    }
    if let saved = metadata["real_label"].flatMap(Double.init), saved != realLabel {
        print("The checkpoint was trained with --real-label \(saved.formatted(significantDigits: 2)); continuing with that label.")
        realLabel = saved
    }
    history = exitOnError { try RunRecord(continuing: TrainingHistory.load(from: resume.url), atStep: gan.step) }
    print(setup.resumeSummary!)
}
var fixedNoiseGenerator = SeededGenerator(seed: seed &+ 1)
let fixedNoise = Tensor.randn([64, noiseSize], using: &fixedNoiseGenerator)
print("\(totalSteps) steps of \(setup.batchSize) images (\(batchesPerEpoch) steps per epoch), seed \(seed).")
let settings = RunSettings(totalSteps: totalSteps, batchSize: setup.batchSize, realLabel: realLabel, seed: seed,
                           label: "training", judgeEachEpoch: !quick, printEachEpoch: !quick, judgeCount: judgeCount,
                           output: output, scale: (realQuality, untrainedQuality))
let record = exitOnError { try train(gan, on: trainingSet, settings, fixedNoise: fixedNoise, judge: judge, continuing: history) }

/*:
 ## What the generator learned

 The final grid, a strip of the same eight noise vectors across the epochs (read it top to bottom to
 watch blobs become digits), real images beside generated ones, and the training curves.
 */
printSection("What the generator learned")
exitOnError {
    try writeFigures(gan: gan, record: record, fixedNoise: fixedNoise, realImages: firstBatch, output: output)
    try saveSafetensors(gan.generator.namedParameters().map { ($0.name, $0.tensor) },
                        metadata: ["dataset": options.dataset.rawValue, "step": String(gan.step), "seed": String(seed)],
                        to: output.file("generator.safetensors"))
    output.record("generator.safetensors")
}
print("Final grid samples-final.png, strip progress-strip.png, real-vs-fake.png, curves losses.png and discriminator-outputs.png.")

/*:
 ## Measured quality

 The generated images are judged exactly like the two reference rows. Watch the FID fall towards the
 real row during training (the per-epoch lines above), and whether the coverage entropy stays near 1.
 The class shares only mean something once the images look like data: a generator that has not yet
 come half-way from its before-training row to the real row is called *untrained*, not collapsed (a
 blob the classifier files under one digit is not mode collapse). Half-way is measured in Fréchet
 distance, √FID, since FID is a squared distance.
 */
printSection("Measured quality")
let finalQuality = judge.judge(gan.sample(judgeCount, seed: seed &+ 7))
let rows: [(String, SampleQuality)] = [("real held-out images", realQuality),
                                       ("generated, real label \(realLabel.formatted(significantDigits: 2))", finalQuality),
                                       ("generator before training", untrainedQuality), ("uniform noise", noiseQuality)]
print(qualityTable(rows))
let finalVerdict = finalQuality.verdict(real: realQuality, untrained: untrainedQuality)
print(verdictSentence(finalVerdict, quality: finalQuality, classNames: trainingSet.classNames, step: gan.step))

/*:
 ## Mode collapse, and what helps

 On a small training set a GAN's generator may find it easier to perfect a few digits than to cover
 all ten: classes disappear, **mode collapse**, and the coverage histogram detects it. The remedy
 the tutorials teach is **one-sided label smoothing** (Salimans et al., 2016): train D to output 0.9
 instead of 1 on real images (`--real-label 0.9`), so that an over-confident D is penalised and its
 gradients towards G stay informative.

 A remedy is a claim about *many* runs: a GAN's samples change from epoch to epoch and from seed to
 seed, so one run of each recipe proves nothing. `--remedy-study` trains, for each of three seeds,
 the plain recipe and label smoothing with the same seed and steps, and also keeps an **exponential
 moving average of G's weights** during the plain run (w̄ ← w̄ + (1 − 0.999)(w − w̄), judged as a
 generator of its own; Karras et al. 2018, Yazıcı et al. 2019). Each recipe is judged by its mean
 classifier FID over its last ten epochs; the study prints every seed, the mean and the spread, and
 a verdict computed from them.

 What it measured on the 4,500-digit sample: seeds 42–44, 1,000 steps per run, the mean classifier
 FID of each run's last ten epochs (500 judged images each; `swift run chapter-03 --remedy-study
 --steps 1000`, under six minutes on two cores):

     seed    plain      label 0.9    averaged G
     42      286        316          304
     43      365        320          322
     44      272        318          264
     mean    308 ± 50   318 ± 2.0    297 ± 30      (± the standard deviation over the seeds)

 Label smoothing made the samples worse in two seeds of three and better in one (+30, −44, +47 FID;
 +11 ± 48 on average), and it lowered the coverage entropy in the same two seeds (0.68 ± 0.03 with
 smoothing, 0.71 ± 0.05 without). The weight average was better in two seeds and worse in one
 (−11 ± 30): no consistent effect at 1,000 steps either (likely because an average lags behind a
 generator that is still improving fast). One seed alone could have "shown" both remedies working:
 at seed 43 smoothing gained 44 FID and the average 42.

 Why the usual advice fails here: label smoothing cures an *over-confident* discriminator, one whose
 verdict on real images D(x) runs to 1 and whose gradients towards G vanish. This recipe's D is
 already held back by Dropout(0.3): over the last 200 steps of the default 2,000-step runs its mean
 D(x) was 0.78, 0.76 and 0.78 (seeds 42, 43, 44), far from 1. There is no over-confidence to cure,
 so a target of 0.9 mostly weakens the signal D passes on to G.

 What did work, in every seed: more steps of the plain recipe. The default 2,000-step run's mean FID
 over its last ten epochs was 183, 143 and 226 for seeds 42–44 (184 ± 41), against 286, 365 and 272
 after 1,000 steps: 124 ± 89 lower (`quality-per-epoch.csv` holds every epoch). What nothing here
 fixed is the uneven coverage: in the last ten epochs of the 2,000-step runs a class fell under 2% of
 the samples in 10, 8 and 10 of them, and the final samples starved classes 0, 3, 4 and 6 (seed 42)
 and 0, 1 and 9 (seed 44). Seed 43's final samples happened to give every class at least 3%, one epoch
 after its rarest class had 1.8%: one judgement is one draw, so read the per-epoch lines. That is mode
 collapse, and its cures change the game itself (minibatch features, Wasserstein losses: later
 chapters); this chapter claims no remedy it has not measured.

 These figures come from a 2-core Intel Xeon with OpenBLAS's `SkylakeX` kernels. A seed fixes every
 random draw, not the rounding: another processor's kernels add up products in another order, and a
 few hundred steps later the same seed trains a different generator. Your digits will differ; the
 patterns above (more steps help, one seed decides nothing, some classes starve) are what to compare.
 Run the study with your own `--seed` and `--steps`: its table also prints each recipe's late D(x), the
 number that says whether label smoothing has anything to correct.
 */
printSection("Mode collapse, and what helps")
var studyVerdict: String?
if options.remedyStudy {
    let seeds = (0..<options.studySeeds).map { seed &+ UInt64($0) }
    let study = exitOnError {
        try runRemedyStudy(seeds: seeds, steps: totalSteps, batchSize: setup.batchSize, on: trainingSet, judge: judge, judgeCount: judgeCount)
    }
    print(study.table)
    print(study.verdict)
    studyVerdict = study.verdict
    exitOnError { try study.write(to: output) }
    print("Per-seed figures: remedy-study.csv; the recipes' FID epoch by epoch for the first seed: remedy-study-fid.png.")
} else {
    print("Not run: add --remedy-study to train the plain recipe and label smoothing (with a weight-averaged generator) over "
          + "\(options.studySeeds) seeds and compare them, or train one recipe with --real-label 0.9.")
}

/*:
 ## Samples for an outside judge

 `--export-samples PATH.npy --samples N` writes N generated images as float32 N×1×28×28 in [-1, 1],
 the layout `Scripts/judge_samples.py` reads to compare this run with the PyTorch reference
 (`Scripts/reference_mlp_gan.py`) using a classifier that has nothing to do with this chapter.
 */
if let url = setup.exportSamples {
    exportSamples(count: options.training.samples, to: url, seed: seed, output: output) { gan.sample($0, seed: $1) }
}

printSection("Summary")
let report = runSummary(dataset: trainingSet, steps: gan.step, epochs: gan.epoch, seconds: record.seconds, rows: rows,
                        log: record.log, realLabel: realLabel, verdict: verdictSentence(finalVerdict, quality: finalQuality,
                                                                                        classNames: trainingSet.classNames, step: gan.step),
                        remedyVerdict: studyVerdict)
exitOnError { try output.write(report, to: "summary.md") }
print(report)
print(output.summary)
