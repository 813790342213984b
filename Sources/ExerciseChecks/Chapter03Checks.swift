#if Solutions
import Solutions
#else
import Exercises
#endif
import Figures
import Foundation
import NeuralNetworks
import TensorCore

/// Chapter 3 (the vanilla MLP GAN): the two players' losses, the grid normalisation, the FID formula, the logging condition.
let chapter03Exercises: [Exercise] = [
    Exercise(chapter: 3, number: 1, title: "The discriminator's loss on real and fake", file: "Exercises/Chapter03/DiscriminatorLoss.swift",
             hints: [
                 """
                 Chapter 3, section "One training step": the discriminator is a binary classifier, real images labelled realLabel and fakes labelled 0, trained with binary cross-entropy.
                 """,
                 "BCE(s, y) = −mean(y·log s + (1 − y)·log(1 − s)). The loss is BCE(realScores, realLabel) + BCE(fakeScores, 0): each a mean over its own batch, added, not averaged.",
                 """
                 let y = Float(realLabel)
                 return -(realScores.log() * y + (1 - realScores).log() * (1 - y)).mean() - (1 - fakeScores).log().mean()
                 """,
             ],
             check: checkDiscriminatorLoss),
    Exercise(chapter: 3, number: 2, title: "The generator's non-saturating loss", file: "Exercises/Chapter03/GeneratorLoss.swift",
             hints: [
                 """
                 Chapter 3, section "One training step" (and chapter 4, section 4): the generator wants D to call its fakes real. Of the two ways to write that, take the one whose gradient is large when D rejects the fakes.
                 """,
                 "Non-saturating: minimise −mean(log D(G(z))), i.e. BCE(fakeScores, 1). Not mean(log(1 − D(G(z)))): that is the saturating minimax form, whose gradient vanishes when D is confident.",
                 "return -fakeScores.log().mean()",
             ],
             check: checkGeneratorLoss),
    Exercise(chapter: 3, number: 3, title: "The grid normalisation", file: "Exercises/Chapter03/PixelBytes.swift",
             hints: [
                 """
                 Chapter 3, pitfall 3 ("Normalisation") and the grids in "What the generator learned": the generator speaks in [−1, 1], an image file in bytes 0…255. Decide what happens to values outside the range and to NaN.
                 """,
                 "For each value x: NaN → 0; clamp x to [−1, 1]; u = (x + 1) / 2 in Double; byte = u·255 rounded to the nearest (add 0.5, cap at 255, then truncate).",
                 """
                 images.scalars.map { x in
                     guard !x.isNaN else { return 0 }
                     let unit = (Double(Swift.min(Swift.max(x, -1), 1)) + 1) / 2
                     return UInt8(Swift.min(255, unit * 255 + 0.5))
                 }
                 """,
             ],
             check: checkPixelBytes),
    Exercise(chapter: 3, number: 4, title: "The classifier-FID formula", file: "Exercises/Chapter03/FrechetDistance.swift",
             hints: [
                 """
                 Chapter 3, section "Measured quality": FID is the Fréchet distance between two Gaussians, one fitted to real features and one to fake ones. It has a mean part and a covariance part.
                 """,
                 "FID = |μ_A − μ_B|² + tr(Σ_A) + tr(Σ_B) − 2·tr((√Σ_A · Σ_B · √Σ_A)^½). Use the squareRoot you are given twice (and two matrix products); only the diagonal of the last root is needed.",
                 """
                 let rootA = squareRoot(covarianceA)
                 let root = squareRoot(multiply(multiply(rootA, covarianceB), rootA))  // multiply: a triple loop
                 return (0..<n).reduce(0) { sum, i in
                     sum + (meanA[i] - meanB[i]) * (meanA[i] - meanB[i]) + covarianceA[i][i] + covarianceB[i][i] - 2 * root[i][i]
                 }
                 """,
             ],
             check: checkFrechetDistance),
    Exercise(chapter: 3, number: 5, title: "Logging without the precedence bug", file: "Exercises/Chapter03/ShouldLog.swift",
             hints: [
                 """
                 Chapter 3, pitfall 1 ("Operator precedence"): which of + and % does Swift (and Python) apply first?
                 """,
                 "% binds tighter than +, so batchIndex + 1 % every is batchIndex + (1 % every). Log after batches every, 2·every, …: when the 1-based batch number is a multiple of every.",
                 "return (batchIndex + 1) % every == 0",
             ],
             check: checkShouldLog),
]

/// BCE(real, realLabel) + BCE(fake, 0) and its gradients, computed with the library's BCELoss.
private func referenceDiscriminatorLoss(_ real: Tensor, _ fake: Tensor, realLabel: Double) -> (loss: Double, real: Tensor, fake: Tensor) {
    let r = real.clone().requiringGrad(), f = fake.clone().requiringGrad()
    let loss = BCELoss()(r, Tensor.full(r.shape, realLabel, dtype: r.dtype)) + BCELoss()(f, Tensor.zeros(f.shape, dtype: f.dtype))
    loss.backward()
    return (loss.element(atFlat: 0), r.grad!, f.grad!)
}

@Sendable private func checkDiscriminatorLoss() throws {
    let hand = try Chapter03.discriminatorLoss(realScores: Tensor([[0.9]]), fakeScores: Tensor([[0.1]]))
    try expectEqual(hand.shape, [], "discriminatorLoss returns a scalar (shape [])")
    try expectClose([hand.element(atFlat: 0)], [-2 * log(0.9)], tolerance: 1e-6,
                    "discriminatorLoss(realScores: [[0.9]], fakeScores: [[0.1]]) = −log 0.9 − log(1 − 0.1)")
    var generator = SeededGenerator(seed: 31)
    for realLabel in [1.0, 0.9] {
        let real = Tensor.uniform([8, 1], low: 0.05, high: 0.95, using: &generator)
        let fake = Tensor.uniform([8, 1], low: 0.05, high: 0.95, using: &generator)
        let (r, f) = (real.clone().requiringGrad(), fake.clone().requiringGrad())
        let got = try Chapter03.discriminatorLoss(realScores: r, fakeScores: f, realLabel: realLabel)
        let expected = referenceDiscriminatorLoss(real, fake, realLabel: realLabel)
        try expectClose([got.element(atFlat: 0)], [expected.loss], tolerance: 1e-5,
                        "discriminatorLoss for 8 random scores, realLabel \(realLabel) (compared with BCELoss(real, \(realLabel)) + BCELoss(fake, 0))")
        got.backward()
        try expectClose(r.grad ?? Tensor.zeros([8, 1]), expected.real, tolerance: 1e-4,
                        "the gradient of discriminatorLoss with respect to realScores, realLabel \(realLabel)")
        try expectClose(f.grad ?? Tensor.zeros([8, 1]), expected.fake, tolerance: 1e-4,
                        "the gradient of discriminatorLoss with respect to fakeScores, realLabel \(realLabel)")
    }
}

@Sendable private func checkGeneratorLoss() throws {
    let half = try Chapter03.generatorLoss(fakeScores: Tensor([[0.5], [0.5]]))
    try expectClose([half.element(atFlat: 0)], [log(2)], tolerance: 1e-6,
                    "generatorLoss(fakeScores: [[0.5], [0.5]]) = −log 0.5 (the saturating form log(1 − 0.5) would give −0.693)")
    let scores = Tensor([[0.01], [0.2], [0.7], [0.99]]).requiringGrad()
    let loss = try Chapter03.generatorLoss(fakeScores: scores)
    let values: [Double] = [0.01, 0.2, 0.7, 0.99]
    try expectClose([loss.element(atFlat: 0)], [-values.map { log($0) }.reduce(0, +) / 4], tolerance: 1e-5,
                    "generatorLoss(fakeScores: \(values)) = −mean(log D(G(z)))")
    loss.backward()
    try expectClose(scores.grad ?? Tensor.zeros([4, 1]), Tensor(values.map { Float(-1 / (4 * $0)) }, shape: [4, 1]), tolerance: 1e-4,
                    "the gradient of generatorLoss at \(values): −1 / (B · D(G(z))), large where D rejects the fake")
}

@Sendable private func checkPixelBytes() throws {
    let values: [Float] = [-1, -0.5, 0, 0.5, 1, 2, -3, .nan]
    let got = try Chapter03.pixelBytes(Tensor(values))
    try expectEqual(got, [0, 64, 128, 191, 255, 255, 0, 0], "pixelBytes(\(values))")
    var generator = SeededGenerator(seed: 33)
    let image = Tensor.uniform([2, 28, 28], low: -1.2, high: 1.2, using: &generator)
    let mine = try Chapter03.pixelBytes(image)
    let figures = Image.grid(of: image.reshape([2, 1, 28, 28]), valueRange: .minusOneToOne, nrow: 1, padding: 0).pixels
    try expectEqual(mine.count, 2 * 28 * 28, "pixelBytes of a [2, 28, 28] tensor: one byte per element")
    let differing = zip(mine, figures).filter { $0 != $1 }.count
    try expect(differing == 0, "pixelBytes of 2 random 28×28 images in [-1.2, 1.2], compared with Figures' grid (.minusOneToOne):\n  expected 0 differing bytes\n  got      \(differing)")
}

/// The symmetric square root of a positive semi-definite 1×1, 2×2 or diagonal matrix, in closed form:
/// for 2×2, √A = (A + √det·I) / √(tr A + 2√det).
@Sendable private func closedFormSquareRoot(_ a: [[Double]]) -> [[Double]] {
    let n = a.count
    if n == 2 {
        let s = max(a[0][0] * a[1][1] - a[0][1] * a[1][0], 0).squareRoot()
        let t = (a[0][0] + a[1][1] + 2 * s).squareRoot()
        return t == 0 ? [[0, 0], [0, 0]] : [[(a[0][0] + s) / t, a[0][1] / t], [a[1][0] / t, (a[1][1] + s) / t]]
    }
    return (0..<n).map { i in (0..<n).map { j in i == j ? max(a[i][i], 0).squareRoot() : 0 } }
}

@Sendable private func checkFrechetDistance() throws {
    func fid(_ ma: [Double], _ ca: [[Double]], _ mb: [Double], _ cb: [[Double]]) throws -> Double {
        try Chapter03.frechetDistance(meanA: ma, covarianceA: ca, meanB: mb, covarianceB: cb, squareRoot: closedFormSquareRoot)
    }
    try expectClose([try fid([1], [[4]], [-0.5], [[0.25]])], [4.5], tolerance: 1e-9,
                    "frechetDistance of N(1, 2²) and N(−0.5, 0.5²): (μ_A − μ_B)² + (σ_A − σ_B)² = 2.25 + 2.25")
    try expectClose([try fid([0, 0, 0], [[1, 0, 0], [0, 4, 0], [0, 0, 9]], [1, 2, 0], [[9, 0, 0], [0, 16, 0], [0, 0, 9]])], [13], tolerance: 1e-9,
                    "frechetDistance of diagonal Gaussians in 3-D: |(1, 2, 0)|² + (1 − 3)² + (2 − 4)² + (3 − 3)²")
    try expectClose([try fid([0, 0], [[1, 0], [0, 1]], [0, 0], [[2, 1], [1, 2]])], [4 - 2 * 3.0.squareRoot()], tolerance: 1e-9,
                    "frechetDistance of N(0, I) and N(0, [[2, 1], [1, 2]]): 2 + 4 − 2(√3 + 1)")
    let a = [[2.0, 1], [1, 2]], b = [[1.0, 0], [0, 4]]
    try expectClose([try fid([0.5, -1], a, [0, 1], b)], [5.021220447654343], tolerance: 1e-9,
                    "frechetDistance of N((0.5, −1), [[2, 1], [1, 2]]) and N((0, 1), diag(1, 4)) (scipy.linalg.sqrtm: 5.0212204477)")
    try expectClose([try fid([0, 1], b, [0.5, -1], a)], [5.021220447654343], tolerance: 1e-9,
                    "frechetDistance with A and B swapped (the distance is symmetric)")
    try expectClose([try fid([3, 4], a, [3, 4], a)], [0], tolerance: 1e-9, "frechetDistance of a Gaussian with itself")
}

@Sendable private func checkShouldLog() throws {
    let logged = try (0..<1000).filter { try Chapter03.shouldLog(batchIndex: $0, every: 100) }
    try expectEqual(logged, Array(stride(from: 99, to: 1000, by: 100)), "the batch indices in 0..<1000 where shouldLog(batchIndex:, every: 100) is true")
    let sevens = try (0..<20).filter { try Chapter03.shouldLog(batchIndex: $0, every: 7) }
    try expectEqual(sevens, [6, 13], "the batch indices in 0..<20 where shouldLog(batchIndex:, every: 7) is true")
    let everyBatch = try (0..<5).allSatisfy { try Chapter03.shouldLog(batchIndex: $0, every: 1) }
    try expect(everyBatch, "shouldLog(batchIndex:, every: 1):\n  expected true for every batch\n  got      false for some")
}
