#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import NeuralNetworks
import TensorCore

/// Chapter 6 (Lightning-style structured training): a seeded random split, the epoch value of a logged metric,
/// the model-checkpoint top-k rule, and the manual-optimisation training step.
let chapter06Exercises: [Exercise] = [
    Exercise(chapter: 6, number: 1, title: "A seeded random split", file: "Exercises/Chapter06/RandomSplit.swift",
             hints: [
                 """
                 Chapter 6, section "The data module": `setup` splits the training images with `random_split`; a split is one shuffled order of all indices, cut into consecutive pieces.
                 """,
                 "Check that the lengths are ≥ 0 and sum to count (else throw SplitError). Shuffle 0..<count with Fisher–Yates: for i from count − 1 down to 1, swap i with a random j in 0...i drawn from SeededGenerator(seed:). Then cut the order into pieces of lengths[0], lengths[1], ….",
                 """
                 guard lengths.allSatisfy({ $0 >= 0 }), lengths.reduce(0, +) == count else { throw SplitError(description: "bad lengths") }
                 var generator = SeededGenerator(seed: seed)
                 var order = Array(0..<count)
                 for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
                 var start = 0
                 return lengths.map { length in defer { start += length }; return Array(order[start..<(start + length)]) }
                 """,
             ],
             check: checkRandomSplit),
    Exercise(chapter: 6, number: 2, title: "The epoch value of a logged metric", file: "Exercises/Chapter06/EpochValue.swift",
             hints: [
                 """
                 Chapter 6, section "Training": a value logged with onEpoch is reduced over the epoch's batches, and the last batch of 55,000 images in batches of 128 holds only 88.
                 """,
                 "epoch value = Σᵢ bᵢ·vᵢ / Σᵢ bᵢ, with bᵢ the batch sizes and vᵢ the logged values; nil when Σᵢ bᵢ = 0 (nothing logged).",
                 """
                 let weight = batchSizes.reduce(0, +)
                 guard weight > 0 else { return nil }
                 return zip(values, batchSizes).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(weight)
                 """,
             ],
             check: checkEpochValue),
    Exercise(chapter: 6, number: 3, title: "The model-checkpoint top-k rule", file: "Exercises/Chapter06/KeptCheckpoints.swift",
             hints: [
                 """
                 Chapter 6, section "Training" and `ModelCheckpoint` in Sources/LightningStyle: the kept checkpoints change one epoch at a time; a new one must beat the worst kept one.
                 """,
                 "Handle topK −1 (all) and 0 (none) first. Keep a list in saving order. For each epoch: if the list has fewer than topK entries, append; else find the worst entry (scanning in order, replace only on strictly worse, so the first of equals stays the worst) and, if the new score is strictly better than it, remove it and append the epoch. Return the list sorted.",
                 """
                 if topK == -1 { return Array(scores.indices) }
                 if topK == 0 { return [] }
                 func better(_ a: Double, _ b: Double) -> Bool { lowerIsBetter ? a < b : a > b }
                 var kept: [Int] = []
                 for (epoch, score) in scores.enumerated() {
                     if kept.count < topK { kept.append(epoch); continue }
                     var worst = kept[0]
                     for c in kept.dropFirst() where better(scores[worst], scores[c]) { worst = c }
                     if better(score, scores[worst]) { kept.removeAll { $0 == worst }; kept.append(epoch) }
                 }
                 return kept.sorted()
                 """,
             ],
             check: checkKeptCheckpoints),
    Exercise(chapter: 6, number: 4, title: "The manual-optimisation training step", file: "Exercises/Chapter06/ManualOptimizationStep.swift",
             hints: [
                 """
                 Chapter 6, section "What automatic optimisation costs, and the manual style": the 2.x step draws the noise once, runs the generator once and reuses its fakes, detached, for the discriminator.
                 """,
                 "fake = G(noise). G's update: D frozen, optimizerG.zeroGrad(), L_G = BCE(D(fake), 1), backward, step, D unfrozen. D's update: optimizerD.zeroGrad(), L_D = (BCE(D(real), 1) + BCE(D(fake.detach()), 0)) / 2, backward, step. Return (L_G.item, L_D.item).",
                 """
                 let bce = BCELoss(), n = real.shape[0]
                 let fake = generator(noise)
                 discriminator.freeze(); optimizerG.zeroGrad()
                 let lossG = bce(discriminator(fake), Tensor.ones([n, 1])); lossG.backward(); optimizerG.step()
                 discriminator.unfreeze(); optimizerD.zeroGrad()
                 let lossD = (bce(discriminator(real), Tensor.ones([n, 1])) + bce(discriminator(fake.detach()), Tensor.zeros([n, 1]))) / 2
                 lossD.backward(); optimizerD.step()
                 return (lossG.item, lossD.item)
                 """,
             ],
             check: checkManualOptimizationStep),
]

@Sendable private func checkRandomSplit() throws {
    let parts = try Chapter06.randomSplitIndices(count: 120, lengths: [110, 10], seed: 42)
    try expectEqual(parts.map(\.count), [110, 10], "the part sizes of randomSplitIndices(count: 120, lengths: [110, 10], seed: 42)")
    try expectEqual(parts.flatMap { $0 }.sorted(), Array(0..<120), "all indices of both parts, sorted (every index exactly once)")
    try expectEqual(try Chapter06.randomSplitIndices(count: 120, lengths: [110, 10], seed: 42), parts, "the same split again with seed 42")
    try expect(try Chapter06.randomSplitIndices(count: 120, lengths: [110, 10], seed: 43) != parts,
               "seed 43 should give another split than seed 42, got the same")
    try expect(parts[1] != Array(110..<120) && parts[1] != Array(0..<10), "the 10 held-out indices should be random, got \(parts[1])")
    try expectEqual(try Chapter06.randomSplitIndices(count: 5, lengths: [0, 5, 0], seed: 1).map(\.count), [0, 5, 0],
                    "part sizes for lengths [0, 5, 0]")
    try expectThrows(SplitError.self, "randomSplitIndices(count: 10, lengths: [5, 4], seed: 1) (the lengths add up to 9)") {
        try Chapter06.randomSplitIndices(count: 10, lengths: [5, 4], seed: 1)
    }
    try expectThrows(SplitError.self, "randomSplitIndices(count: 10, lengths: [11, -1], seed: 1) (a negative length)") {
        try Chapter06.randomSplitIndices(count: 10, lengths: [11, -1], seed: 1)
    }
}

@Sendable private func checkEpochValue() throws {
    try expectEqual(try Chapter06.epochValue(values: [0, 1, 2], batchSizes: [4, 4, 2]), 0.8,
                    "epochValue(values: [0, 1, 2], batchSizes: [4, 4, 2]) ((4·0 + 4·1 + 2·2) / 10, not the plain mean 1)")
    try expectEqual(try Chapter06.epochValue(values: [0.5], batchSizes: [7]), 0.5, "one batch")
    try expectEqual(try Chapter06.epochValue(values: [], batchSizes: []), nil, "nothing logged")
    // 55,000 images in batches of 128: 429 full batches and one of 88.
    let values = (0..<430).map { Double($0 % 7) / 7 }, sizes = Array(repeating: 128, count: 429) + [88]
    let expected = zip(values, sizes).map { $0 * Double($1) }.reduce(0, +) / 55_000
    try expectClose([try Chapter06.epochValue(values: values, batchSizes: sizes) ?? .nan], [expected], tolerance: 1e-12,
                    "the tutorial's epoch of 430 batches (the last of 88 images)")
}

@Sendable private func checkKeptCheckpoints() throws {
    try expectEqual(try Chapter06.keptCheckpoints(scores: [5, 3, 4, 1, 2], topK: 2, lowerIsBetter: true), [3, 4],
                    "keptCheckpoints(scores: [5, 3, 4, 1, 2], topK: 2, lowerIsBetter: true) (kept: {0}, {0,1}, {1,2}, {1,3}, {3,4})")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [5, 3, 4, 1, 2], topK: 2, lowerIsBetter: false), [0, 2],
                    "the same scores with higher is better")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [0.2, 0.7, 0.7, 0.5], topK: 1, lowerIsBetter: false), [1],
                    "an equal score does not replace a kept one")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [3, 3, 1], topK: 2, lowerIsBetter: true), [1, 2],
                    "of two equally bad kept checkpoints the first saved goes")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [1, 2, 3], topK: -1, lowerIsBetter: true), [0, 1, 2], "topK −1 keeps all")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [1, 2, 3], topK: 0, lowerIsBetter: true), [], "topK 0 keeps none")
    try expectEqual(try Chapter06.keptCheckpoints(scores: [4, 2], topK: 5, lowerIsBetter: true), [0, 1], "fewer epochs than topK")
}

/// A tiny G (4 → 6, tanh) and D (6 → 5 → 1, sigmoid) with their Adam optimizers, from `seed`.
private func tinyGAN(seed: UInt64) -> (g: Sequential, d: Sequential, optimizerG: Adam, optimizerD: Adam) {
    var generator = SeededGenerator(seed: seed)
    let g = Sequential(Linear(4, 6, using: &generator), Tanh())
    let d = Sequential(Linear(6, 5, using: &generator), LeakyReLU(0.2), Linear(5, 1, using: &generator), Sigmoid())
    return (g, d, Adam(g.parameters(), lr: 0.05), Adam(d.parameters(), lr: 0.05))
}

@Sendable private func checkManualOptimizationStep() throws {
    var data = SeededGenerator(seed: 9)
    let real = Tensor.uniform([8, 6], low: -1, high: 1, using: &data), noise = Tensor.randn([8, 4], using: &data)
    let student = tinyGAN(seed: 3)
    let losses = try Chapter06.manualOptimizationStep(generator: student.g, discriminator: student.d,
                                                      optimizerG: student.optimizerG, optimizerD: student.optimizerD,
                                                      real: real, noise: noise)
    // The reference, step by step.
    let reference = tinyGAN(seed: 3)
    let bce = BCELoss()
    let fake = reference.g(noise)
    reference.optimizerG.zeroGrad()
    let lossG = bce(reference.d(fake), Tensor.ones([8, 1]))
    lossG.backward()
    let gradientsOfG = reference.g.parameters().map { $0.grad!.clone() }
    reference.optimizerG.step()
    reference.optimizerD.zeroGrad()
    let lossD = (bce(reference.d(real), Tensor.ones([8, 1])) + bce(reference.d(fake.detach()), Tensor.zeros([8, 1]))) / 2
    lossD.backward()
    reference.optimizerD.step()

    try expectClose([Double(losses.generatorLoss), Double(losses.discriminatorLoss)], [Double(lossG.item), Double(lossD.item)],
                    "the returned (generatorLoss, discriminatorLoss)")
    for (name, (got, expected)) in zip(student.g.namedParameters().map(\.name), zip(student.g.parameters(), reference.g.parameters())) {
        try expectClose(got, expected, "generator parameter \(name) after the step")
    }
    for (name, (got, expected)) in zip(student.d.namedParameters().map(\.name), zip(student.d.parameters(), reference.d.parameters())) {
        try expectClose(got, expected, "discriminator parameter \(name) after the step (D updated on the same fakes, detached)")
    }
    for ((name, parameter), expected) in zip(student.g.namedParameters(), gradientsOfG) {
        guard let grad = parameter.grad else { throw CheckFailure(message: "generator parameter \(name) has no gradient after the step: was its loss back-propagated?") }
        try expectClose(grad, expected, "the generator's gradient of \(name) after the step (only L_G's: were the fakes detached for D's loss?)")
    }
    try expect((student.g.parameters() + student.d.parameters()).allSatisfy(\.requiresGrad),
               "every parameter should require gradients again after the step (unfreeze what you froze)")
}
