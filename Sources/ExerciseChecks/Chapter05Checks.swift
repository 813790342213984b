#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import NeuralNetworks
import TensorCore

/// Chapter 5 (the Keras-style GAN): BatchNorm momentum across frameworks, the trainable rules, smoothed targets,
/// Keras's clipped cross-entropy, and the combined model's generator loss and gradient.
let chapter05Exercises: [Exercise] = [
    Exercise(chapter: 5, number: 1, title: "Keras's BatchNorm momentum in PyTorch's terms", file: "Exercises/Chapter05/BatchNormMomentum.swift",
             hints: [
                 "Chapter 5, section \"Keras's defaults, where PyTorch's differ\": in each framework, which of the two terms does \"momentum\" multiply, the old value or the new batch?",
                 "Keras keeps m·old + (1 − m)·new; PyTorch keeps (1 − m′)·old + m′·new; match the weight on new.",
                 "return 1 - kerasMomentum",
             ],
             check: checkBatchNormMomentum),
    Exercise(chapter: 5, number: 2, title: "Which weights trainOnBatch updates", file: "Exercises/Chapter05/TrainableWeights.swift",
             hints: [
                 "Chapter 5, section \"Which weights does trainOnBatch change?\": first pick *which* flags count (now, or at compile) from the rule; then combine model and layer.",
                 "updated[i] = layer[i] ∧ model, with both read now (Keras 3) or both read at compile (Keras 2).",
                 "switch rule { case .readAtEveryStep: layerTrainableNow.map { $0 && modelTrainableNow }; case .capturedAtCompile: layerTrainableAtCompile.map { $0 && modelTrainableAtCompile } }",
             ],
             check: checkUpdatedLayers),
    Exercise(chapter: 5, number: 3, title: "The best discriminator for smoothed targets", file: "Exercises/Chapter05/SmoothedOptimum.swift",
             hints: [
                 "Chapter 5, section \"One-sided label smoothing\": the loss is a·log D + b·log(1 − D) (negated) for some a and b; exercise 4.1 solved that shape.",
                 "a = α·pData + β·pG and b = (1 − α)·pData + (1 − β)·pG, so D* = a / (a + b) = (α·pData + β·pG) / (pData + pG).",
                 "zip(pData, pG).map { p, q in p + q == 0 ? 0.5 : (realTarget * p + fakeTarget * q) / (p + q) }",
             ],
             check: checkSmoothedOptimum),
    Exercise(chapter: 5, number: 4, title: "Keras's clipped binary cross-entropy", file: "Exercises/Chapter05/KerasCrossentropy.swift",
             hints: [
                 "Chapter 5, section \"Keras's defaults, where PyTorch's differ\" (the cross-entropy row): clip first, then take the logs; the clip is what keeps log(0) away.",
                 "mean over pairs of −[y·log c + (1 − y)·log(1 − c)] with c = min(max(p, 1e-7), 1 − 1e-7).",
                 "zip(predictions, targets).map { p, y in let c = min(max(p, 1e-7), 1 - 1e-7); return -(y * log(c) + (1 - y) * log(1 - c)) }, then divide the sum by the count.",
             ],
             check: checkKerasCrossentropy),
    Exercise(chapter: 5, number: 5, title: "The combined model's generator loss and gradient", file: "Exercises/Chapter05/GeneratorStep.swift",
             hints: [
                 "Chapter 5, section \"The combined model is chapter 3's generator step\": with the label 1 only the y·log p term survives, and p = σ(ℓ); differentiate through σ.",
                 "loss = mean softplus(−ℓᵢ) with softplus(x) = max(x, 0) + log(1 + e^−|x|); ∂loss/∂ℓᵢ = −(1 − σ(ℓᵢ)) / N.",
                 "loss = logits.map { max(-$0, 0) + log1p(exp(-abs($0))) }.reduce(0, +) / n; gradient = logits.map { -(1 / (1 + exp($0))) / n } (use exp(-ℓ) / (1 + exp(-ℓ)) for ℓ > 0 to avoid overflow).",
             ],
             check: checkGeneratorStep),
]

@Sendable private func checkBatchNormMomentum() throws {
    let converted = try Chapter05.pytorchMomentum(fromKeras: 0.8)
    try expectClose([converted], [0.2], tolerance: 1e-12, "pytorchMomentum(fromKeras: 0.8)")
    try expectClose([try Chapter05.pytorchMomentum(fromKeras: 0.99)], [0.01], tolerance: 1e-12, "pytorchMomentum(fromKeras: 0.99) (Keras's default)")
    // Run the core's BatchNorm1d with the converted momentum: its running mean must follow Keras's update.
    for kerasMomentum in [0.8, 0.5, 0.95] {
        let layer = BatchNorm1d(3, momentum: try Chapter05.pytorchMomentum(fromKeras: kerasMomentum), dtype: .float64)
        layer.runningMean.copy(from: Tensor(doubles: [1, -2, 0.5], shape: [3]))
        let x = Tensor(doubles: [0, 1, 2, 4, 5, 6], shape: [2, 3])
        _ = layer(x)
        let batchMeans = [2.0, 3, 4]
        let keras = zip([1.0, -2, 0.5], batchMeans).map { kerasMomentum * $0 + (1 - kerasMomentum) * $1 }
        try expectClose(layer.runningMean.doubles, keras, tolerance: 1e-12,
                        "BatchNorm1d(momentum: pytorchMomentum(fromKeras: \(kerasMomentum))): running mean after one batch vs Keras's moving mean")
    }
}

@Sendable private func checkUpdatedLayers() throws {
    let now = [true, false, true], atCompile = [true, true, false]
    try expectEqual(try Chapter05.updatedLayers(layerTrainableNow: now, modelTrainableNow: true, layerTrainableAtCompile: atCompile,
                                                modelTrainableAtCompile: true, rule: .readAtEveryStep),
                    [true, false, true], "Keras 3, model trainable: the layers' flags now")
    try expectEqual(try Chapter05.updatedLayers(layerTrainableNow: now, modelTrainableNow: true, layerTrainableAtCompile: atCompile,
                                                modelTrainableAtCompile: true, rule: .capturedAtCompile),
                    [true, true, false], "Keras 2, model trainable: the layers' flags at compile")
    try expectEqual(try Chapter05.updatedLayers(layerTrainableNow: now, modelTrainableNow: false, layerTrainableAtCompile: atCompile,
                                                modelTrainableAtCompile: true, rule: .readAtEveryStep),
                    [false, false, false], "Keras 3, model frozen now (D.trainable = false, never set back): nothing")
    try expectEqual(try Chapter05.updatedLayers(layerTrainableNow: now, modelTrainableNow: false, layerTrainableAtCompile: atCompile,
                                                modelTrainableAtCompile: true, rule: .capturedAtCompile),
                    [true, true, false], "Keras 2, model frozen after compile: still what was collected at compile")
    try expectEqual(try Chapter05.updatedLayers(layerTrainableNow: now, modelTrainableNow: true, layerTrainableAtCompile: atCompile,
                                                modelTrainableAtCompile: false, rule: .capturedAtCompile),
                    [false, false, false], "Keras 2, model frozen at compile and unfrozen later: nothing until compiled again")
}

@Sendable private func checkSmoothedOptimum() throws {
    try expectClose(try Chapter05.smoothedOptimalDiscriminator(pData: [1, 0.5, 0], pG: [0, 0.5, 1], realTarget: 1, fakeTarget: 0),
                    [1, 0.5, 0], "targets (1, 0): chapter 4's D* = pData / (pData + pG)")
    try expectClose(try Chapter05.smoothedOptimalDiscriminator(pData: [1, 0.5, 0], pG: [0, 0.5, 1], realTarget: 0.9, fakeTarget: 0),
                    [0.9, 0.45, 0], "one-sided smoothing (0.9, 0): only fakes → still 0")
    try expectClose(try Chapter05.smoothedOptimalDiscriminator(pData: [1, 0.5, 0, 0], pG: [0, 0.5, 1, 0], realTarget: 0.9, fakeTarget: 0.1),
                    [0.9, 0.5, 0.1, 0.5], "two-sided smoothing (0.9, 0.1): only fakes → 0.1 (and 0.5 where nothing lives)")
    // The answer must minimise the expected cross-entropy better than any point on a fine grid.
    let (p, q, a, b) = (0.3, 0.7, 0.85, 0.2)
    let optimum = try Chapter05.smoothedOptimalDiscriminator(pData: [p], pG: [q], realTarget: a, fakeTarget: b)[0]
    func loss(_ d: Double) -> Double { -p * (a * log(d) + (1 - a) * log(1 - d)) - q * (b * log(d) + (1 - b) * log(1 - d)) }
    let bestOnGrid = (1..<10_000).map { Double($0) / 10_000 }.min { loss($0) < loss($1) }!
    try expect(loss(optimum) <= loss(bestOnGrid) + 1e-12,
               "smoothedOptimalDiscriminator(pData: [0.3], pG: [0.7], realTarget: 0.85, fakeTarget: 0.2)\n  expected ≈ \(bestOnGrid) (best of a 10,000-point grid)\n  got      \(optimum)")
}

@Sendable private func checkKerasCrossentropy() throws {
    let plain = try Chapter05.kerasBinaryCrossentropy(predictions: [0.8, 0.3], targets: [1, 0])
    try expectClose([plain], [-(log(0.8) + log(0.7)) / 2], tolerance: 1e-12, "kerasBinaryCrossentropy([0.8, 0.3], [1, 0]) (no clipping needed)")
    let smoothed = try Chapter05.kerasBinaryCrossentropy(predictions: [0.95], targets: [0.9])
    try expectClose([smoothed], [-(0.9 * log(0.95) + 0.1 * log(0.05))], tolerance: 1e-12, "kerasBinaryCrossentropy([0.95], [0.9]) (a smoothed target)")
    let certain = try Chapter05.kerasBinaryCrossentropy(predictions: [0, 1], targets: [1, 0])
    try expectClose([certain], [-log(1e-7)], tolerance: 1e-9, "kerasBinaryCrossentropy([0, 1], [1, 0]): both clipped, each costs −log(1e-7) ≈ 16.12 (not ∞, not 100)")
    let mixed = try Chapter05.kerasBinaryCrossentropy(predictions: [0, 0.5, 1], targets: [0, 1, 1])
    try expectClose([mixed], [(-log(1 - 1e-7) + log(2) - log(1 - 1e-7)) / 3], tolerance: 1e-9, "kerasBinaryCrossentropy([0, 0.5, 1], [0, 1, 1])")
}

@Sendable private func checkGeneratorStep() throws {
    let logits = [-3.0, 0, 2.5, -40, 40]
    let answer = try Chapter05.generatorLossAndGradient(logits: logits)
    // The reference: the same loss through the library's sigmoid and BCE-with-logits, differentiated by autograd.
    let l = Tensor(doubles: logits, shape: [5]).requiringGrad()
    let loss = BCEWithLogitsLoss()(l, Tensor(doubles: [1, 1, 1, 1, 1], shape: [5]))
    loss.backward()
    try expectClose([answer.loss], [loss.element(atFlat: 0)], tolerance: 1e-9, "generatorLossAndGradient(logits: \(logits)).loss")
    try expectClose(answer.logitGradient, l.grad!.doubles, tolerance: 1e-9, "generatorLossAndGradient(logits: \(logits)).logitGradient")
    try expect(answer.logitGradient.allSatisfy { $0.isFinite } && answer.loss.isFinite,
               "generatorLossAndGradient with logits ±40: expected finite values\n  got loss \(answer.loss), gradient \(answer.logitGradient)")
}
