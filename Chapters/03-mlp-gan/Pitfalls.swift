import ChapterSupport
import Datasets
import NeuralNetworks
import TensorCore

/// Runs the four tutorial pitfalls and prints what each one does.
func showPitfalls(trainingSet: ImageDataset, seed: UInt64) {
    showLoggingPrecedence()
    showGradientZeroing(trainingSet: trainingSet, seed: seed)
    showNormalization(trainingSet: trainingSet)
    showSigmoidVersusLogits()
}

/// 1. `if batch_idx + 1 % 100 == 0`: `%` binds tighter than `+`, so this is `batch_idx + (1 % 100)`, i.e. `batch_idx + 1 == 0`.
func showLoggingPrecedence() {
    print("1. Operator precedence: `if batchIndex + 1 % 100 == 0` is `batchIndex + (1 % 100) == 0`.")
    var wrong = 0, right = 0
    for batchIndex in 0..<1000 {
        if batchIndex + 1 % 100 == 0 { wrong += 1 }
        if (batchIndex + 1) % 100 == 0 { right += 1 }
    }
    print("   Over 1,000 batches it logs \(wrong) times; `(batchIndex + 1) % 100 == 0` logs \(right) times.")
}

/// 2. G's backward pass runs through D and leaves gradients in D's parameters; the D step must clear them first.
func showGradientZeroing(trainingSet: ImageDataset, seed: UInt64) {
    print("2. Zeroing the right gradients: the generator's loss is back-propagated *through* D, into D's parameters too.")
    let demo = GAN(seed: seed &+ 11)
    demo.discriminator.eval()  // no dropout, so the two D losses below are identical computations
    var generator = SeededGenerator(seed: seed &+ 12)
    let real = trainingSet.tensor(range: 0..<64).reshape([64, 784])
    let z = Tensor.randn([64, noiseSize], using: &generator)
    let bce = BCELoss()
    func discriminatorLoss() -> Tensor {
        bce(demo.discriminator(real), Tensor.ones([64, 1])) + bce(demo.discriminator(demo.generator(z).detach()), Tensor.zeros([64, 1]))
    }
    func norm(_ t: Tensor) -> Double { Double((t * t).sum().sqrt().item) }
    let firstWeight = demo.discriminator.parameters()[0]
    bce(demo.discriminator(demo.generator(z)), Tensor.ones([64, 1])).backward()  // a generator step's backward
    let leftover = norm(firstWeight.grad!)
    discriminatorLoss().backward()  // the D step, forgetting optimizerD.zeroGrad()
    let stale = firstWeight.grad!.clone()
    demo.discriminator.zeroGrad()
    discriminatorLoss().backward()  // the D step done right
    let clean = firstWeight.grad!
    print("   After G's backward, D's first weight already holds a gradient of norm \(leftover.formatted(significantDigits: 3)).")
    print("   Without optimizerD.zeroGrad() the D step's gradient is off by \(percent(norm(stale - clean) / norm(clean))) of its size: "
          + "D would partly learn to help G. Clear each optimiser's own gradients just before its backward.")
}

/// 3. Data normalised with MNIST's mean and std while G ends in tanh: real pixels G can never produce.
func showNormalization(trainingSet: ImageDataset) {
    print("3. Normalisation: G ends in tanh, so it can only make values in (−1, 1).")
    let range = PixelNormalization.mnistMeanStd.range
    let values = trainingSet.tensor(range: 0..<min(1000, trainingSet.count), normalization: .mnistMeanStd).scalars
    let unreachable = Double(values.filter { $0 > 1 }.count) / Double(values.count)
    print("   Normalize((0.1307,), (0.3081,)) maps pixels to [\(Double(range.lowerBound).formatted(significantDigits: 3)), "
          + "\(Double(range.upperBound).formatted(significantDigits: 3))]; \(percent(unreachable)) of all pixels are then above 1, out of G's reach,")
    print("   and D can tell real from fake by brightness alone. This chapter scales pixels with x / 127.5 − 1 to [−1, 1].")
    print("   (The same mismatch in reverse: saving tanh outputs as if they were in [0, 1] turns every negative pixel black;")
    print("   the grids here map [−1, 1] to [0, 255] explicitly.)")
}

/// 4. BCE on a Sigmoid's output vs the fused logits form, for a discriminator that confidently rejects a fake.
func showSigmoidVersusLogits() {
    print("4. BCE on a Sigmoid vs BCEWithLogits: the generator's loss −log D(G(z)) when D rejects a fake with logit x.")
    var table = TextTable(columns: ["logit x", "σ(x) in float32", "BCE(σ(x), 1)", "∂/∂x", "BCEWithLogits(x, 1)", "∂/∂x "])
    for x in [-5.0, -20, -60, -120] {
        let viaSigmoid = Tensor.full([1], x).requiringGrad()
        let probability = viaSigmoid.sigmoid()
        let lossA = BCELoss()(probability, Tensor.ones([1]))
        lossA.backward()
        let viaLogits = Tensor.full([1], x).requiringGrad()
        let lossB = BCEWithLogitsLoss()(viaLogits, Tensor.ones([1]))
        lossB.backward()
        table.addRow([x.formatted(significantDigits: 3), Double(probability.item).formatted(significantDigits: 3),
                      Double(lossA.item).formatted(significantDigits: 4), Double(viaSigmoid.grad!.item).formatted(significantDigits: 3),
                      Double(lossB.item).formatted(significantDigits: 4), Double(viaLogits.grad!.item).formatted(significantDigits: 3)])
    }
    print(table.description.split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
    print("   Through the Sigmoid, the gradient vanishes once σ(x) underflows the 1e-12 guard (and the loss stops at 100),")
    print("   exactly when G most needs a signal; the logits form keeps ∂/∂x = σ(x) − 1 ≈ −1. This chapter keeps")
    print("   Sigmoid + BCELoss to reproduce the tutorial recipe; for new code put BCEWithLogitsLoss on D's logits.")
}
