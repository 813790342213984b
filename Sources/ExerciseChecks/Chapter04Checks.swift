#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import TensorCore

/// Chapter 4 (the minimax objective): the optimal discriminator, the Jensen–Shannon divergence,
/// the value function as binary cross-entropy, the two generator-loss gradients, and C(G).
let chapter04Exercises: [Exercise] = [
    Exercise(chapter: 4, number: 1, title: "The optimal discriminator", file: "Exercises/Chapter04/OptimalDiscriminator.swift",
             hints: [
                 """
                 Chapter 4, section "2. The optimal discriminator": for a fixed generator, D's value at each point x is a separate one-dimensional maximisation.
                 """,
                 "At one point, D maximises f(D) = p·log D + q·log(1 − D) with p = pData, q = pG. Set f′(D) = p/D − q/(1 − D) to zero and solve for D. Where p + q == 0 any D is optimal: return 0.5 (never divide 0 by 0).",
                 "return zip(pData, pG).map { p, q in p + q == 0 ? 0.5 : p / (p + q) }",
             ],
             check: checkOptimalDiscriminator),
    Exercise(chapter: 4, number: 2, title: "The Jensen–Shannon divergence", file: "Exercises/Chapter04/JensenShannon.swift",
             hints: [
                 """
                 Chapter 4, section "3. C(G) = −log 4 + 2·JSD": the Jensen–Shannon divergence compares each distribution with their average, through the KL divergence.
                 """,
                 "m = (p + q) / 2; JSD = (KL(p‖m) + KL(q‖m)) / 2 with KL(a‖m) = Σ aᵢ·log(aᵢ / mᵢ). Terms with aᵢ == 0 count 0 (skip them); mᵢ > 0 wherever aᵢ > 0.",
                 """
                 let m = zip(p, q).map { ($0 + $1) / 2 }
                 func kl(_ a: [Double]) -> Double { zip(a, m).reduce(0) { s, t in t.0 == 0 ? s : s + t.0 * log(t.0 / t.1) } }
                 return (kl(p) + kl(q)) / 2
                 """,
             ],
             check: checkJensenShannon),
    Exercise(chapter: 4, number: 3, title: "The value function as binary cross-entropy", file: "Exercises/Chapter04/DiscriminatorLossFromLogits.swift",
             hints: [
                 """
                 Chapter 4, section "1. The value function is a binary cross-entropy": with logits ℓ instead of probabilities, −log σ(ℓ) has a stable form.
                 """,
                 "BCE with label 1 is −log σ(ℓ) = softplus(−ℓ); with label 0 it is −log(1 − σ(ℓ)) = softplus(ℓ). The loss is the mean over the real logits plus the mean over the fake ones.",
                 "return (-realLogits).softplus().mean() + fakeLogits.softplus().mean()",
             ],
             check: checkDiscriminatorLoss),
    Exercise(chapter: 4, number: 4, title: "The two generator-loss gradients", file: "Exercises/Chapter04/GeneratorLossGradients.swift",
             hints: [
                 """
                 Chapter 4, section "4. Saturating vs non-saturating gradients": differentiate each generator loss with respect to the logit ℓ of D(G(z)), using σ′ = σ(1 − σ).
                 """,
                 "d/dℓ log(1 − σ(ℓ)) = −σ(ℓ) (saturating); d/dℓ (−log σ(ℓ)) = −(1 − σ(ℓ)) (non-saturating). Compute σ as 1/(1 + e^−ℓ) for ℓ ≥ 0 and e^ℓ/(1 + e^ℓ) for ℓ < 0, so exp never overflows.",
                 """
                 let sigma = logit >= 0 ? 1 / (1 + exp(-logit)) : exp(logit) / (1 + exp(logit))
                 return GeneratorLossGradients(saturating: -sigma, nonSaturating: -(1 - sigma))
                 """,
             ],
             check: checkGeneratorLossGradients),
    Exercise(chapter: 4, number: 5, title: "The virtual training criterion C(G)", file: "Exercises/Chapter04/VirtualTrainingCriterion.swift",
             hints: [
                 """
                 Chapter 4, section "3. C(G) = −log 4 + 2·JSD": C(G) is the value function V(D*, G) with the optimal discriminator of exercise 4.1 plugged in.
                 """,
                 "C(G) = Σᵢ pᵢ·log D*ᵢ + qᵢ·log(1 − D*ᵢ) with D* = p / (p + q). Skip a term whose weight pᵢ or qᵢ is 0: 0·log 0 would be 0·(−∞) = NaN.",
                 """
                 zip(pData, pG).reduce(0) { sum, pair in
                     let (p, q) = pair, d = p / (p + q)
                     return sum + (p == 0 ? 0 : p * log(d)) + (q == 0 ? 0 : q * log(1 - d))
                 }
                 """,
             ],
             check: checkVirtualTrainingCriterion),
]

/// σ(ℓ) in `Double`, without overflow for large |ℓ|.
private func sigmoid(_ logit: Double) -> Double {
    logit >= 0 ? 1 / (1 + exp(-logit)) : exp(logit) / (1 + exp(logit))
}

/// log(1 + e^x) in `Double`, without overflow.
private func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }

@Sendable private func checkOptimalDiscriminator() throws {
    try expectClose(try Chapter04.optimalDiscriminator(pData: [0.5, 0.25, 0.25], pG: [0.25, 0.25, 0.5]),
                    [2.0 / 3, 0.5, 1.0 / 3], "optimalDiscriminator(pData: [0.5, 0.25, 0.25], pG: [0.25, 0.25, 0.5])")
    try expectClose(try Chapter04.optimalDiscriminator(pData: [1, 0, 0], pG: [0, 1, 0]),
                    [1, 0, 0.5], "optimalDiscriminator(pData: [1, 0, 0], pG: [0, 1, 0]) (no mass anywhere at the last point: 0.5)")
    try expectClose(try Chapter04.optimalDiscriminator(pData: [0.3, 0.7], pG: [0.3, 0.7]),
                    [0.5, 0.5], "optimalDiscriminator with p_g = p_data (the equilibrium: D* = 1/2 everywhere)")
    // Random points: D* must beat every other D on the grid, for the per-point objective a·log D + b·log(1 − D).
    var generator = SeededGenerator(seed: 4)
    let a = (0..<20).map { _ in generator.nextUnitDouble() + 0.01 }
    let b = (0..<20).map { _ in generator.nextUnitDouble() + 0.01 }
    let optimal = try Chapter04.optimalDiscriminator(pData: a, pG: b)
    try expectEqual(optimal.count, a.count, "optimalDiscriminator on 20 random points: number of values")
    for i in a.indices {
        func objective(_ d: Double) -> Double { a[i] * log(d) + b[i] * log(1 - d) }
        let bestOnGrid = (1..<10_000).map { Double($0) / 10_000 }.max { objective($0) < objective($1) }!
        try expect(objective(optimal[i]) >= objective(bestOnGrid) - 1e-12,
                   "optimalDiscriminator(pData: [\(a[i])], pG: [\(b[i])]): a·log D + b·log(1 − D) should be maximal\n  expected D ≈ \(bestOnGrid) (the best of a 10,000-point grid)\n  got      D = \(optimal[i])")
    }
}

@Sendable private func checkJensenShannon() throws {
    try expectClose([try Chapter04.jensenShannonDivergence([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])], [0],
                    tolerance: 1e-12, "jensenShannonDivergence(p, p) for p = [0.2, 0.3, 0.5]")
    try expectClose([try Chapter04.jensenShannonDivergence([1, 0], [0, 1])], [log(2)],
                    tolerance: 1e-12, "jensenShannonDivergence([1, 0], [0, 1]) (disjoint supports: log 2)")
    // ½·[½ log(½ / ¾) + ½ log(½ / ¼)] + ½·[1·log(1 / ¾)] for p = [½, ½], q = [1, 0].
    let handComputed = 0.5 * (0.5 * log(0.5 / 0.75) + 0.5 * log(0.5 / 0.25)) + 0.5 * log(1 / 0.75)
    try expectClose([try Chapter04.jensenShannonDivergence([0.5, 0.5], [1, 0])], [handComputed],
                    tolerance: 1e-12, "jensenShannonDivergence([0.5, 0.5], [1, 0])")
    // Random distributions: symmetric, between 0 and log 2, and equal to the entropy form H(m) − (H(p) + H(q))/2.
    var generator = SeededGenerator(seed: 2)
    for _ in 0..<20 {
        let p = normalised((0..<6).map { _ in generator.nextUnitDouble() })
        let q = normalised((0..<6).map { _ in generator.nextUnitDouble() })
        let jsd = try Chapter04.jensenShannonDivergence(p, q)
        let entropyForm = entropy(zip(p, q).map { ($0 + $1) / 2 }) - (entropy(p) + entropy(q)) / 2
        try expectClose([jsd], [entropyForm], tolerance: 1e-10, "jensenShannonDivergence(\(format(p)), \(format(q)))")
        try expectClose([try Chapter04.jensenShannonDivergence(q, p)], [jsd], tolerance: 1e-12,
                        "jensenShannonDivergence is symmetric: JSD(q ‖ p) should equal JSD(p ‖ q)")
    }
}

private func normalised(_ values: [Double]) -> [Double] {
    let total = values.reduce(0, +)
    return values.map { $0 / total }
}

private func entropy(_ p: [Double]) -> Double { -p.reduce(0) { $1 == 0 ? $0 : $0 + $1 * log($1) } }

@Sendable private func checkDiscriminatorLoss() throws {
    let real: [Float] = [2, -1, 0.5, 3], fake: [Float] = [-2, 0.3, 1]
    let got = try Chapter04.discriminatorLoss(realLogits: Tensor(real), fakeLogits: Tensor(fake))
    // −V̂ = −[mean log σ(ℓ_real) + mean log(1 − σ(ℓ_fake))], written with the probabilities themselves.
    let meanLogD = real.map { log(sigmoid(Double($0))) }.reduce(0, +) / Double(real.count)
    let meanLogOneMinusD = fake.map { log(1 - sigmoid(Double($0))) }.reduce(0, +) / Double(fake.count)
    try expectEqual(got.shape, [], "discriminatorLoss(realLogits: \(real), fakeLogits: \(fake)): shape of the loss (a scalar)")
    try expectClose(got.doubles, [-(meanLogD + meanLogOneMinusD)], "discriminatorLoss(realLogits: \(real), fakeLogits: \(fake)) = −V̂")
    let extreme = try Chapter04.discriminatorLoss(realLogits: Tensor([-200]), fakeLogits: Tensor([200]))
    try expectClose(extreme.doubles, [softplus(200) + softplus(200)], tolerance: 1e-4,
                    "discriminatorLoss(realLogits: [-200], fakeLogits: [200]) (a discriminator wrong with certainty: finite, 400)")
    try expectGradientsCorrect([Tensor(doubles: [1.5, -0.5, 0.2], shape: [3]), Tensor(doubles: [-1, 2], shape: [2])],
                               "discriminatorLoss's gradients with respect to both logit batches") { xs in
        (try? Chapter04.discriminatorLoss(realLogits: xs[0], fakeLogits: xs[1])) ?? xs[0].sum()
    }
}

@Sendable private func checkGeneratorLossGradients() throws {
    for logit in [-4.59511985013459, -1.0, 0.0, 2.5, 30.0] {
        let got = try Chapter04.generatorLossGradients(logit: logit)
        // Central differences of the two losses, written in their stable forms.
        let h = 1e-6
        let saturating = { (l: Double) in -softplus(l) }, nonSaturating = { (l: Double) in softplus(-l) }
        let expected = [(saturating(logit + h) - saturating(logit - h)) / (2 * h), (nonSaturating(logit + h) - nonSaturating(logit - h)) / (2 * h)]
        try expectClose([got.saturating, got.nonSaturating], expected, tolerance: 1e-6,
                        "generatorLossGradients(logit: \(logit)) as [saturating, nonSaturating], against finite differences")
    }
    let extreme = try Chapter04.generatorLossGradients(logit: -1000)
    try expectClose([extreme.saturating, extreme.nonSaturating], [0, -1], tolerance: 1e-12,
                    "generatorLossGradients(logit: -1000) as [saturating, nonSaturating] (no overflow: σ = 0)")
    let other = try Chapter04.generatorLossGradients(logit: 1000)
    try expectClose([other.saturating, other.nonSaturating], [-1, 0], tolerance: 1e-12,
                    "generatorLossGradients(logit: 1000) as [saturating, nonSaturating] (no overflow: σ = 1)")
}

@Sendable private func checkVirtualTrainingCriterion() throws {
    let equal = [0.1, 0.2, 0.3, 0.4]
    try expectClose([try Chapter04.virtualTrainingCriterion(pData: equal, pG: equal)], [-log(4)], tolerance: 1e-12,
                    "virtualTrainingCriterion(pData: p, pG: p) for p = \(equal) (the minimum, −log 4)")
    try expectClose([try Chapter04.virtualTrainingCriterion(pData: [1, 0], pG: [0, 1])], [0], tolerance: 1e-12,
                    "virtualTrainingCriterion(pData: [1, 0], pG: [0, 1]) (disjoint supports: D* is perfect, C = 0)")
    // ½·log(½ / (½ + 1)) + ½·log(1) + 1·log(1 − ⅓) for pData = [½, ½], pG = [1, 0].
    let handComputed = 0.5 * log(1.0 / 3) + log(2.0 / 3)
    try expectClose([try Chapter04.virtualTrainingCriterion(pData: [0.5, 0.5], pG: [1, 0])], [handComputed], tolerance: 1e-12,
                    "virtualTrainingCriterion(pData: [0.5, 0.5], pG: [1, 0])")
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<20 {
        let p = normalised((0..<5).map { _ in generator.nextUnitDouble() })
        let q = normalised((0..<5).map { _ in generator.nextUnitDouble() })
        let entropyFormJSD = entropy(zip(p, q).map { ($0 + $1) / 2 }) - (entropy(p) + entropy(q)) / 2
        try expectClose([try Chapter04.virtualTrainingCriterion(pData: p, pG: q)], [-log(4) + 2 * entropyFormJSD], tolerance: 1e-10,
                        "virtualTrainingCriterion(pData: \(format(p)), pG: \(format(q))) = −log 4 + 2·JSD")
    }
}
