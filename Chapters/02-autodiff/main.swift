/*:
 # Chapter 2: Automatic differentiation

 Training a GAN means following gradients: how much does the discriminator's loss change when one
 weight changes? `TensorCore` answers with **reverse-mode automatic differentiation**, the same
 scheme as PyTorch's autograd. This chapter takes it apart:

 - every operation on a tensor that `requiresGrad` records a node of a **computational graph**;
 - `backward()` walks that graph from the output back to the inputs, applying the chain rule;
 - gradients *accumulate*, graphs are *released*, and `detach()` / `withNoGrad` cut the graph,
   which is exactly what a GAN's two training steps rely on;
 - `gradcheck` compares the gradients with finite differences, and catches a wrong backward pass.

 Run it with `swift run chapter-02` (`--help` for the options).
 */
import ChapterSupport
import Foundation
import TensorCore

let chapter = Chapter(number: 2, title: "Automatic differentiation",
                      summary: "A computational graph drawn and differentiated by hand and by backward(), gradient accumulation, "
                          + "detach and withNoGrad, the GAN's detach pattern, and gradient checks (writes graph.txt).")
let options = ChapterOptions.parseOrExit(for: chapter)
let output = exitOnError { try options.outputFolder(for: chapter) }
printTitle(chapter)

/// A one-element `float64` tensor that requires a gradient, with a name for the graph drawing.
func parameter(_ value: Double, _ name: String) -> Tensor {
    let t = Tensor(doubles: [value], shape: []).requiringGrad()
    t.label = name
    return t
}

/// "1.23456789" for a one-element tensor.
func value(_ t: Tensor) -> String { t.element(atFlat: 0).formatted(significantDigits: 9) }

/*:
 ## A computational graph

 One neuron and a squared loss: `z = w·x + b`, `y = tanh(z)`, `L = y²`. Each operation remembers its
 inputs and how to send a gradient back to them; `graphDescription()` draws what was recorded,
 from the output (top) to the leaves.
 */
printSection("A computational graph")
var generator = SeededGenerator(seed: options.seed)
let x = parameter(Tensor.uniform([], low: -2, high: 2, using: &generator).element(atFlat: 0), "x")
let w = parameter(Tensor.uniform([], low: -2, high: 2, using: &generator).element(atFlat: 0), "w")
let b = parameter(0.5, "b")
let z = w * x + b
z.label = "z"
let y = z.tanh()
y.label = "y"
let loss = y * y
loss.label = "L"
print("x = \(value(x)), w = \(value(w)), b = \(value(b))  →  z = \(value(z)), y = \(value(y)), L = \(value(loss))")
let drawing = loss.graphDescription()
print(drawing)
exitOnError { try output.write(drawing + "\n", to: "graph.txt") }

/*:
 ## Backpropagation by hand, and by `backward()`

 The chain rule, one node at a time from the output:

 - `∂L/∂y = 2y`
 - `∂L/∂z = ∂L/∂y · (1 − y²)` (the derivative of tanh, from its output)
 - `∂L/∂w = ∂L/∂z · x`, `∂L/∂x = ∂L/∂z · w`, `∂L/∂b = ∂L/∂z · 1`

 `backward()` does the same walk, in reverse topological order, and leaves the results in `.grad`.
 */
printSection("Backpropagation by hand and by backward()")
let yValue = y.element(atFlat: 0)
let dLdy = 2 * yValue
let dLdz = dLdy * (1 - yValue * yValue)
let byHand = ["w": dLdz * x.element(atFlat: 0), "x": dLdz * w.element(atFlat: 0), "b": dLdz]
loss.backward()
var gradients = TextTable(columns: ["leaf", "by hand", "backward()", "|difference|"])
for leaf in [w, x, b] {
    let name = leaf.label!, automatic = leaf.grad!.element(atFlat: 0)
    gradients.addRow([name, byHand[name]!.formatted(significantDigits: 9), automatic.formatted(significantDigits: 9),
                      abs(byHand[name]! - automatic).formatted(significantDigits: 2)])
}
print(gradients)

/*:
 ## Gradients accumulate

 `backward()` *adds* into `.grad`; it does not overwrite. That is what lets a value used in two places
 collect both contributions, and it is why every training step starts with `zeroGrad()`: forget it
 and each step uses the sum of all previous gradients.
 */
printSection("Gradients accumulate until zeroGrad()")
let gradientOnce = w.grad!.element(atFlat: 0)
(w * x + b).tanh().squared().backward()
print("∂L/∂w after one backward: \(gradientOnce.formatted(significantDigits: 6)); after a second one: \(w.grad!.element(atFlat: 0).formatted(significantDigits: 6)) (twice as much)")
for leaf in [w, x, b] { leaf.zeroGrad() }
print("after zeroGrad(): w.grad is \(w.grad == nil ? "nil" : "still set")")

/*:
 ## A value used twice

 In `f = x·x + x` the leaf `x` feeds three edges. Its gradient is the sum over all the paths:
 `∂f/∂x = x + x + 1 = 2x + 1`. The engine sums because it visits `x` once, after every node that
 uses it has sent its contribution (topological order), not once per path.
 */
printSection("A value used twice")
let f = x * x + x
f.backward()
print("f = x·x + x at x = \(value(x)): ∂f/∂x = \(x.grad!.element(atFlat: 0).formatted(significantDigits: 9)), 2x + 1 = \((2 * x.element(atFlat: 0) + 1).formatted(significantDigits: 9))")
x.zeroGrad()

/*:
 ## A long chain does not overflow the stack

 A recursive graph walk (micrograd's, for instance) needs one stack frame per node and crashes on
 deep graphs. `TensorCore` sorts the graph with an explicit stack, so a chain of 10,000 operations
 is fine: here `h ← h · 1.0001` ten thousand times, whose derivative is `1.0001¹⁰⁰⁰⁰ ≈ e`.
 */
printSection("A 10,000-operation chain")
let start = parameter(1, "h0")
var h = start
let chainLength = 10_000
let factor = Tensor(doubles: [1.0001], shape: [])
let chainTime = Stopwatch()
for _ in 0..<chainLength { h = h * factor }
h.backward()
print("∂h/∂h0 = \(start.grad!.element(atFlat: 0).formatted(significantDigits: 9)), 1.0001^\(chainLength) = \(pow(1.0001, Double(chainLength)).formatted(significantDigits: 9)) (forward and backward in \(chainTime.elapsed.formatted(significantDigits: 2)) s)")

/*:
 ## detach() and withNoGrad

 `detach()` returns the same numbers cut from the graph: gradients stop there. `withNoGrad { … }`
 records nothing at all inside its body, for evaluation, sampling and updating weights in place.
 */
printSection("detach() and withNoGrad")
let detached = y.detach()
print("y.requiresGrad = \(y.requiresGrad); y.detach().requiresGrad = \(detached.requiresGrad) (same value \(value(detached)))")
let unrecorded = withNoGrad { w * x + b }
print("inside withNoGrad, (w·x + b).requiresGrad = \(unrecorded.requiresGrad)")

/*:
 ## Released graphs, `retainGraph`, and the GAN's two steps

 After `backward()` the graph is **released**: the nodes forget their inputs so the intermediate
 tensors can be freed. A second `backward()` through the same graph stops with
 "trying to backward through the graph a second time". `backward(retainGraph: true)` keeps it:
 */
printSection("Released graphs and the GAN pattern")
let shared = (w * x).tanh()
shared.backward(retainGraph: true)
let afterFirst = w.grad!.element(atFlat: 0)
shared.backward()
print("with retainGraph: true, a second backward works: ∂/∂w = \(afterFirst.formatted(significantDigits: 6)) then \(w.grad!.element(atFlat: 0).formatted(significantDigits: 6)) (accumulated)")
w.zeroGrad()

/*:
 A GAN trains its discriminator D and its generator G in turns, and both steps use the same fake
 batch `fake = G(noise)`:

 1. **D step**: `lossD` uses `fake.detach()`. The backward pass stops at the fake batch, so it puts
    gradients only in D's weights, and it does not release G's part of the graph.
 2. **G step**: `lossG` uses `fake` itself, so its backward pass goes through D *and* G, whose graph
    is still there.

 Had the D step used `fake` without `detach()`, its backward would have run through G (putting
 gradients in G's weights too, from the wrong loss) and released G's graph, so the G step's
 backward would stop with the "second time" message. Here is the pattern with one weight each:
 */
let generatorWeight = parameter(0.7, "g")
let discriminatorWeight = parameter(-0.4, "d")
let noise = Tensor(doubles: [1.5], shape: [])
let fake = (generatorWeight * noise).tanh()
func discriminate(_ sample: Tensor) -> Tensor { (discriminatorWeight * sample).sigmoid() }

let lossD = -(1 - discriminate(fake.detach())).log()
lossD.backward()
print("D step on fake.detach(): d.grad = \(value(discriminatorWeight.grad!)), g.grad = \(generatorWeight.grad.map(value) ?? "nil")")
discriminatorWeight.zeroGrad()
let lossG = -discriminate(fake).log()
lossG.backward()
print("G step on fake:          g.grad = \(value(generatorWeight.grad!)) (G's graph was still there)")

/*:
 ## Gradient checks

 How do we know a backward pass is right? Compare it with **central differences**,
 `(f(x + ε) − f(x − ε)) / 2ε`, by the relative error `|a − n| / max(1e-8, |a| + |n|)`, read on this scale:

 - `< 1e-7`: happy; `< 1e-4`: fine for functions with kinks (ReLU, abs);
 - `< 1e-2`: uncomfortable, look closer; `≥ 1e-2`: wrong.

 `gradcheck` does it for a whole function of tensors, in **double precision**.
 */
printSection("Gradient checks in double precision")
let input = Tensor.randn([3, 4], using: &generator)
let weights = Tensor.randn([4, 2], using: &generator)
let checks: [(String, [Tensor], ([Tensor]) -> Tensor)] = [
    ("tanh", [input], { $0[0].tanh() }),
    ("sigmoid", [input], { $0[0].sigmoid() }),
    ("softplus", [input], { $0[0].softplus() }),
    ("x · W, then tanh", [input, weights], { $0[0].matmul($0[1]).tanh() }),
    ("leakyReLU (a kink at 0)", [input], { $0[0].leakyReLU(slope: 0.2) }),
    ("mean of squares", [input], { $0[0].squared().mean() }),
]
var checkTable = TextTable(columns: ["function", "max relative error", "verdict"])
for (name, inputs, function) in checks {
    let report = gradcheck(inputs, function)
    checkTable.addRow([name, report.maxRelativeError.formatted(significantDigits: 2), report.verdict.rawValue])
}
print(checkTable)
showYourGradientChecker(checks, enabled: options.useExercises)  // --use-exercises: the same checks by your exercise 2.5

/*:
 ## Why double precision

 The same check in `float32`: with `ε = 1e-6` the two function values differ only in their last bits,
 and `f(x + ε) − f(x − ε)` is mostly rounding error. A larger `ε` helps but then the truncation error
 of the difference quotient, which grows like `ε²`, takes over. In double precision there is room for both.
 */
printSection("The same checks in float32")
var precisionTable = TextTable(columns: ["function", "float64, ε = 1e-6", "float32, ε = 1e-6", "float32, ε = 1e-3"])
for (name, inputs, function) in checks.prefix(4) {
    let errors = [gradcheck(inputs, function),
                  gradcheck(inputs, epsilon: 1e-6, precision: .float32, function),
                  gradcheck(inputs, epsilon: 1e-3, precision: .float32, function)].map { $0.maxRelativeError.formatted(significantDigits: 2) }
    precisionTable.addRow([name] + errors)
}
print(precisionTable)

/*:
 ## A custom operation with a wrong backward pass

 Any operation can be added with `recordOperation`: compute the output yourself (here on detached
 inputs, so nothing else is recorded), then give the rule that maps the output's gradient to the input's.
 Take `softsign(x) = x / (1 + |x|)`, whose derivative is `1 / (1 + |x|)²`. Forgetting the square is
 an easy slip; the forward pass is still right, training would still "run", and only a gradient check
 says something is wrong.
 */
printSection("A custom operation, right and wrong")
func softsign(_ x: Tensor, derivative: @escaping (Tensor) -> Tensor) -> Tensor {
    let input = x.detach()
    let output = input / (input.abs() + 1)
    return output.recordOperation("softsign", inputs: [x]) { gradOutput in [gradOutput * derivative(input)] }
}
let right = gradcheck([input]) { softsign($0[0]) { x in 1 / (x.abs() + 1).squared() } }
let wrong = gradcheck([input]) { softsign($0[0]) { x in 1 / (x.abs() + 1) } }
print("derivative 1 / (1 + |x|)²:", right)
print("derivative 1 / (1 + |x|): ", wrong)

/*:
 ## Exercises

 Open `Exercises/Chapter02/`:

 1. `mulBackward`: the gradients of `a · b`, reduced over broadcast axes.
 2. `tanhBackward`: from the saved output.
 3. `sigmoid`: a custom operation of your own; `gradcheck` checks its backward pass.
 4. `matmulBackward`: `∂L/∂A = ∂L/∂C · Bᵀ`, `∂L/∂B = Aᵀ · ∂L/∂C`.
 5. `maxRelativeError`: the gradient checker itself.

 `swift run exercises` shows what is next; `swift test --filter Exercise02` runs the checks.
 */
printSection("Exercises")
print("Edit Exercises/Chapter02/, then run `swift run exercises` or `swift test --filter Exercise02`.")
print("")
print(output.summary)
