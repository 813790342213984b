#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import TensorCore

/// Chapter 2 (automatic differentiation): backward passes by hand, a custom op, a gradient checker.
let chapter02Exercises: [Exercise] = [
    Exercise(chapter: 2, number: 1, title: "The backward pass of multiplication", file: "Exercises/Chapter02/MulBackward.swift",
             hints: [
                 """
                 Chapter 2, sections "Backpropagation by hand" and "A value used twice": the product rule, and what happens to the gradient of an input that was broadcast (used several times).
                 """,
                 "∂L/∂a = gradOutput · b and ∂L/∂b = gradOutput · a, element by element, both of the output's shape. An input that was broadcast was used many times: add its gradients back up to the input's own shape (sumToShape).",
                 """
                 InputGradients(a: (gradOutput * b).sumToShape(a.shape),
                                b: (gradOutput * a).sumToShape(b.shape))
                 """,
             ],
             check: checkMulBackward),
    Exercise(chapter: 2, number: 2, title: "tanh's backward from its output", file: "Exercises/Chapter02/TanhBackward.swift",
             hints: [
                 """
                 Chapter 2, "Backpropagation by hand": the derivative of tanh can be written with tanh itself, so the backward pass needs only the saved output y, not the input.
                 """,
                 "d tanh(x)/dx = 1 − tanh²(x) = 1 − y². Multiply the incoming gradient by it, element by element.",
                 "return gradOutput * (1 - y * y)",
             ],
             check: checkTanhBackward),
    Exercise(chapter: 2, number: 3, title: "Sigmoid as a custom operation", file: "Exercises/Chapter02/Sigmoid.swift",
             hints: [
                 """
                 Chapter 2, section "A custom operation, right and wrong": compute the value without recording anything, then record one operation whose closure returns the gradient of its one input.
                 """,
                 "Compute output = sigmoid of x.detach(), keep a detached copy for the closure, and return output.recordOperation(name, inputs: [x]) { gradOutput in [gradOutput · σ′(x)] }, with σ′ written from the saved output: σ(1 − σ).",
                 """
                 let output = x.detach().sigmoid()
                 let saved = output.detach()
                 return output.recordOperation("my sigmoid", inputs: [x]) { gradOutput in [gradOutput * saved * (1 - saved)] }
                 """,
             ],
             check: checkSigmoid),
    Exercise(chapter: 2, number: 4, title: "The backward pass of matmul", file: "Exercises/Chapter02/MatmulBackward.swift",
             hints: [
                 """
                 Let the shapes decide (chapter 2, "Backpropagation by hand"): ∂L/∂A must have A's shape [m, k] and can only be made from gradOutput [m, n] and B [k, n].
                 """,
                 "∂L/∂A = gradOutput · Bᵀ ([m, n]·[n, k]) and ∂L/∂B = Aᵀ · gradOutput ([k, m]·[m, n]). matmul's transposeA / transposeB flags transpose without copying.",
                 """
                 InputGradients(a: gradOutput.matmul(b, transposeB: true),
                                b: a.matmul(gradOutput, transposeA: true))
                 """,
             ],
             check: checkMatmulBackward),
    Exercise(chapter: 2, number: 5, title: "A central-difference gradient checker", file: "Exercises/Chapter02/GradientChecker.swift",
             hints: [
                 """
                 Chapter 2, section "Gradient checks in double precision": nudge one coordinate at a time a little up and a little down, and compare the slope you see with the analytic gradient.
                 """,
                 "Copy x into a var. For each i: evaluate f at x[i] + ε and at x[i] − ε, then restore x[i]. numeric = (plus − minus) / (2ε). Return the largest |analytic − numeric| / max(1e-8, |analytic| + |numeric|) (0 for an empty x).",
                 """
                 var point = x, worst = 0.0
                 for i in point.indices {
                     let original = point[i]
                     point[i] = original + epsilon; let plus = f(point)
                     point[i] = original - epsilon; let minus = f(point)
                     point[i] = original
                     let numeric = (plus - minus) / (2 * epsilon), analytic = analyticGradient[i]
                     worst = max(worst, abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric)))
                 }
                 return worst
                 """,
             ],
             check: checkGradientChecker),
]

/// `a` and `b` of the given shapes, multiplied, then back-propagated by TensorCore with `gradOutput`.
private func referenceGradients(_ op: (Tensor, Tensor) -> Tensor, _ a: Tensor, _ b: Tensor, _ gradOutput: Tensor) -> (Tensor, Tensor) {
    let leafA = a.clone().requiringGrad(), leafB = b.clone().requiringGrad()
    op(leafA, leafB).backward(gradOutput)
    return (leafA.grad!, leafB.grad!)
}

@Sendable private func checkMulBackward() throws {
    let hand = try Chapter02.mulBackward(gradOutput: Tensor([1, 1, 1]), a: Tensor([1, 2, 3]), b: Tensor([4], shape: [1]))
    try expectClose(hand.a, Tensor([4, 4, 4]), "mulBackward for a = [1, 2, 3], b = [4] (shape [1]), gradOutput = [1, 1, 1]: gradient of a")
    try expectClose(hand.b, Tensor([6], shape: [1]), "mulBackward for a = [1, 2, 3], b = [4] (shape [1]), gradOutput = [1, 1, 1]: gradient of b (b was used three times)")
    var generator = SeededGenerator(seed: 5)
    for (shapeA, shapeB) in [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1], [1, 4]), ([3], []), ([4, 1, 2], [3, 1])] {
        let a = Tensor.randn(shapeA, using: &generator), b = Tensor.randn(shapeB, using: &generator)
        let gradOutput = Tensor.randn(broadcastShapes(shapeA, shapeB)!, using: &generator)
        let got = try Chapter02.mulBackward(gradOutput: gradOutput, a: a, b: b)
        let (expectedA, expectedB) = referenceGradients(*, a, b, gradOutput)
        try expectClose(got.a, expectedA, "mulBackward for a: \(shapeA), b: \(shapeB): gradient of a (compared with TensorCore's backward)")
        try expectClose(got.b, expectedB, "mulBackward for a: \(shapeA), b: \(shapeB): gradient of b (compared with TensorCore's backward)")
    }
}

@Sendable private func checkTanhBackward() throws {
    let x: [Double] = [-3, -0.5, 0, 0.5, 2]
    let g: [Double] = [1, -2, 0.5, 3, 1]
    let y = x.map { Foundation.tanh($0) }
    let got = try Chapter02.tanhBackward(gradOutput: Tensor(g.map(Float.init)), output: Tensor(y.map(Float.init)))
    let expected = zip(g, y).map { $0 * (1 - $1 * $1) }
    try expectClose(got, Tensor(expected.map(Float.init)), "tanhBackward at x = \(x) with gradOutput = \(g)")
    // Wrapped in a custom operation, the rule must also pass gradcheck (in double precision).
    var generator = SeededGenerator(seed: 6)
    let input = Tensor.randn([3, 4], using: &generator)
    try expectGradientsCorrect([input], "tanh with your backward, as a custom op") { xs in
        let output = xs[0].detach().tanh(), saved = output.detach()
        return output.recordOperation("tanh (exercise 2.2)", inputs: [xs[0]]) { gradOutput in
            [try? Chapter02.tanhBackward(gradOutput: gradOutput, output: saved)]
        }
    }
}

@Sendable private func checkSigmoid() throws {
    let x = Tensor([-100, -2, 0, 2, 100]).requiringGrad()
    let y = try Chapter02.sigmoid(x)
    try expectClose(y, Tensor([0, 0.11920292, 0.5, 0.88079708, 1]), tolerance: 1e-6, "sigmoid([-100, -2, 0, 2, 100]) (no NaN at ±100)")
    try expect(!y.isLeaf, "sigmoid(x) with x.requiresGrad:\n  expected a tensor made by an operation (call recordOperation)\n  got      a leaf (no operation was recorded, so no gradient can flow)")
    y.backward(Tensor([1, 1, 1, 1, 1]))
    try expectClose(x.grad ?? Tensor.zeros([5]), Tensor([0, 0.10499359, 0.25, 0.10499359, 0]), tolerance: 1e-6,
                    "the gradient of sum(sigmoid(x)) at x = [-100, -2, 0, 2, 100] (σ(1 − σ))")
    var generator = SeededGenerator(seed: 7)
    let input = Tensor.normal([3, 4], mean: 0, std: 3, using: &generator)
    try expectEqual(try Chapter02.sigmoid(input.to(.float64)).dtype, .float64, "sigmoid of a float64 tensor keeps its dtype")
    try expectGradientsCorrect([input], "your sigmoid operation") { xs in (try? Chapter02.sigmoid(xs[0])) ?? xs[0] }
}

@Sendable private func checkMatmulBackward() throws {
    let hand = try Chapter02.matmulBackward(gradOutput: Tensor([[1, 1]]), a: Tensor([[1, 2]]), b: Tensor([[3, 4], [5, 6]]))
    try expectClose(hand.a, Tensor([[7, 11]]), "matmulBackward for A = [[1, 2]], B = [[3, 4], [5, 6]], gradOutput = [[1, 1]]: gradient of A (gradOutput · Bᵀ)")
    try expectClose(hand.b, Tensor([[1, 1], [2, 2]]), "matmulBackward for A = [[1, 2]], B = [[3, 4], [5, 6]], gradOutput = [[1, 1]]: gradient of B (Aᵀ · gradOutput)")
    var generator = SeededGenerator(seed: 8)
    for (m, k, n) in [(3, 4, 2), (1, 5, 1), (2, 3, 3)] {
        let a = Tensor.randn([m, k], using: &generator), b = Tensor.randn([k, n], using: &generator)
        let gradOutput = Tensor.randn([m, n], using: &generator)
        let got = try Chapter02.matmulBackward(gradOutput: gradOutput, a: a, b: b)
        let (expectedA, expectedB) = referenceGradients({ $0.matmul($1) }, a, b, gradOutput)
        try expectClose(got.a, expectedA, "matmulBackward for A: [\(m), \(k)], B: [\(k), \(n)]: gradient of A (compared with TensorCore's backward)")
        try expectClose(got.b, expectedB, "matmulBackward for A: [\(m), \(k)], B: [\(k), \(n)]: gradient of B (compared with TensorCore's backward)")
    }
}

@Sendable private func checkGradientChecker() throws {
    let sumOfSquares: ([Double]) -> Double = { $0.reduce(0) { $0 + $1 * $1 } }
    let x: [Double] = [1, -2, 3]
    let correct = try Chapter02.maxRelativeError(of: sumOfSquares, at: x, analyticGradient: x.map { 2 * $0 })
    try expect(correct < 1e-8, "maxRelativeError for f = Σ xᵢ² at \(x) with the right gradient 2x:\n  expected < 1e-8\n  got      \(correct)")
    try expectClose([try Chapter02.maxRelativeError(of: sumOfSquares, at: x, analyticGradient: x)], [1.0 / 3], tolerance: 1e-6,
                    "maxRelativeError for f = Σ xᵢ² with the wrong gradient x (|x − 2x| / (|x| + |2x|) = 1/3)")
    try expectClose([try Chapter02.maxRelativeError(of: sumOfSquares, at: x, analyticGradient: [2, -4, 0])], [1], tolerance: 1e-6,
                    "maxRelativeError for f = Σ xᵢ² with gradient [2, -4, 0] (only the last coordinate wrong: the maximum is 1)")
    try expectClose([try Chapter02.maxRelativeError(of: { _ in 5 }, at: [0.5, 7], analyticGradient: [0, 0])], [0],
                    "maxRelativeError for a constant f with gradient [0, 0] (0 / max(1e-8, 0) = 0)")
    try expectClose([try Chapter02.maxRelativeError(of: { $0[0] * $0[1] }, at: [2, 3], analyticGradient: [3, 2], epsilon: 1e-4)], [0], tolerance: 1e-7,
                    "maxRelativeError for f = x₀·x₁ at [2, 3] with gradient [3, 2] and ε = 1e-4")
    try expectClose([try Chapter02.maxRelativeError(of: { _ in 0 }, at: [], analyticGradient: [])], [0], "maxRelativeError for an empty x")
}
