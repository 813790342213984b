#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport
import TensorCore

/// With `--use-exercises`: the gradient checks of this chapter once more, by the student's checker of exercise 2.5
/// (`maxRelativeError`, coordinate by coordinate) beside `gradcheck`'s reading. Prints which exercise is still a stub.
func showYourGradientChecker(_ checks: [(String, [Tensor], ([Tensor]) -> Tensor)], enabled: Bool) {
    let yours = StudentCode.use(exercise: "2.5", piece: "gradient checker", file: "\(studentFolder)/Chapter02/GradientChecker.swift",
                                enabled: enabled, tolerance: 1e-6) {
        // f = x₀·x₁ at (2, 3) with the right gradient (3, 2): the relative error should be ~0.
        try Chapter02.maxRelativeError(of: { $0[0] * $0[1] }, at: [2, 3], analyticGradient: [3, 2], epsilon: 1e-4)
    }
    guard yours else { return }
    var table = TextTable(columns: ["function", "gradcheck", "your maxRelativeError (2.5)", "your verdict"])
    for (name, inputs, function) in checks {
        let (point, gradient, loss) = scalarProblem(inputs, function)
        let error = exitOnError { try Chapter02.maxRelativeError(of: loss, at: point, analyticGradient: gradient) }
        table.addRow([name, gradcheck(inputs, function).maxRelativeError.formatted(significantDigits: 2),
                      error.formatted(significantDigits: 2), error < 1e-4 ? "right" : "look closer"])
    }
    print(table)
}

/// `function` of `inputs` reduced to one number with fixed weights, L = Σ wᵢ fᵢ, as your checker takes it:
/// the point (every input element, flattened, in double precision), autodiff's gradient there, and L itself.
private func scalarProblem(_ inputs: [Tensor], _ function: @escaping ([Tensor]) -> Tensor) -> (point: [Double], gradient: [Double], loss: ([Double]) -> Double) {
    let shapes = inputs.map(\.shape)
    func tensors(_ point: [Double]) -> [Tensor] {
        var offset = 0
        return shapes.map { shape in
            let count = shape.reduce(1, *)
            defer { offset += count }
            return Tensor(doubles: Array(point[offset..<offset + count]), shape: shape)
        }
    }
    let point = inputs.flatMap { $0.to(.float64).doubles }
    var generator = SeededGenerator(seed: 2)
    let weights = Tensor.randn(function(tensors(point)).shape, dtype: .float64, using: &generator)
    let leaves = tensors(point).map { $0.requiringGrad() }
    (function(leaves) * weights).sum().backward()
    let gradient = leaves.flatMap { $0.grad?.doubles ?? [Double](repeating: 0, count: $0.count) }
    return (point, gradient, { x in withNoGrad { (function(tensors(x)) * weights).sum().element(atFlat: 0) } })
}
