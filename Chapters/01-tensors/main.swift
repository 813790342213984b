/*:
 # Chapter 1: Tensors

 A GAN is two neural networks, and a neural network is a pile of arithmetic on arrays of numbers.
 This chapter is about those arrays, the **tensors** of the `TensorCore` module:

 - how a tensor keeps its numbers (one flat buffer plus a shape, row-major),
 - how to make tensors, including random ones that come out the same on every run,
 - broadcasting, the rule that lets `[3, 4] + [4]` add a bias to every row,
 - reductions (`sum`, `mean`, `max`) and changing shape (`reshape` vs `permute`),
 - matrix multiplication: three loops against BLAS, timed.

 Run it with `swift run chapter-01` (add `--quick` for a shorter run, `--help` for the options).
 */
import ChapterSupport
import Foundation
import TensorCore

let chapter = Chapter(number: 1, title: "Tensors",
                      summary: "Storage and shapes, seeded randomness, broadcasting, reductions, reshape vs permute, "
                          + "and a matrix product by three loops timed against BLAS (writes matmul-timings.csv).")
let options = ChapterOptions.parseOrExit(for: chapter)
let output = exitOnError { try options.outputFolder(for: chapter) }
printTitle(chapter)

/*:
 ## Storage and shapes

 A tensor is a flat buffer of numbers plus a **shape**, the sizes of its axes. `TensorCore` stores
 them **row-major**: the last axis varies fastest. In a `[3, 4]` tensor, element `[i, j]` sits at
 flat position `i · 4 + j`; the numbers `[4, 1]` (how far to move in the buffer for one step along
 each axis) are the tensor's **strides**. Exercise 1.2 computes them for any shape.
 */
printSection("Storage and shapes")
let x = Tensor.arange(0, 12).reshape([3, 4])
printTensor("x = arange(0, 12).reshape([3, 4]):", x)
print("x.shape = \(x.shape), x.rank = \(x.rank), x.count = \(x.count)")
print("the flat buffer: \(x.scalars.map { Int($0) })")
let (row, column) = (1, 2)
let flatPosition = row * x.shape[1] + column
print("x[\(row), \(column)] = \(x[row, column]); flat position \(row)·\(x.shape[1]) + \(column) = \(flatPosition) holds \(x.scalars[flatPosition])")

//: ## Creating tensors
printSection("Creating tensors")
printTensor("zeros([2, 3]):", Tensor.zeros([2, 3]))
printTensor("full([2], 7):", Tensor.full([2], 7))
printTensor("linspace(0, 1, count: 5):", Tensor.linspace(0, 1, count: 5))
printTensor("from rows [[1, 2], [3, 4]]:", Tensor([[1, 2], [3, 4]]))
printTensor("a scalar (shape []):", Tensor(3.5))

/*:
 ## Seeded randomness

 Every random number in this course comes from a `SeededGenerator` passed `inout`: there is no
 hidden global generator. The same seed gives the same numbers on every run and every machine,
 which is what makes a GAN run reproducible (`--seed` changes it).
 */
printSection("Seeded randomness")
var first = SeededGenerator(seed: options.seed)
var second = SeededGenerator(seed: options.seed)
var other = SeededGenerator(seed: options.seed + 1)
let a1 = Tensor.randn([5], using: &first)
let a2 = Tensor.randn([5], using: &second)
let b1 = Tensor.randn([5], using: &other)
printTensor("seed \(options.seed):      ", a1)
printTensor("seed \(options.seed) again:", a2)
printTensor("seed \(options.seed + 1):      ", b1)
print("same seed, same numbers: \(a1.scalars == a2.scalars); different seed, same numbers: \(a1.scalars == b1.scalars)")

/*:
 ## Broadcasting

 Two shapes are aligned on the right; sizes must be equal or one of them must be 1 (a missing
 axis counts as 1); the size-1 axis is repeated to match. So `[3, 1] + [1, 4]` is `[3, 4]`,
 and `[3, 4] + [4]` adds the same row to every row: that is how a layer adds its bias to a batch.
 Exercise 1.1 writes the rule.
 */
printSection("Broadcasting")
let column3 = Tensor([1, 2, 3], shape: [3, 1])
let row4 = Tensor([10, 20, 30, 40], shape: [1, 4])
printTensor("[3, 1] + [1, 4] →", column3 + row4)
let bias = Tensor([100, 200, 300, 400])
printTensor("x + bias ([3, 4] + [4]) →", x + bias)
for (shapeA, shapeB) in [([2, 3], [3]), ([2, 3], [2, 1]), ([2, 3], [4]), ([2, 3], [2])] {
    let result = broadcastShapes(shapeA, shapeB).map { "\($0)" } ?? "cannot broadcast"
    print("  \(shapeA) with \(shapeB): \(result)")
}
/*:
 `[2, 3]` with `[2]` fails even though both have a 2: alignment is on the *right*, so the 2 meets
 the 3. An operation on such tensors stops with `add: shapes [2, 3] and [2] cannot be broadcast
 together (sizes must match or be 1, aligned on the right)`: a shape mismatch is a bug in the
 program, not bad input, so it is not a thrown error. The fix is usually `reshape([2, 1])`, which
 puts the 2 on the first axis.
 */
printTensor("  the fix: [2, 3] with [2, 1] →", Tensor.zeros([2, 3]) + Tensor([1, 2], shape: [2, 1]))

/*:
 ## Reductions

 `sum`, `mean` and `max` reduce everything or along chosen axes. `keepDims: true` keeps the reduced
 axis with size 1, so the result still broadcasts against the input: `x / x.sum(axis: 1, keepDims: true)`
 divides each row by its own sum (exercise 1.3 uses exactly this for softmax).
 */
printSection("Reductions")
print("x.sum() =", x.sum().item, "  x.mean() =", x.mean().item, "  x.max() =", x.max().item)
printTensor("x.sum(axis: 0) →", x.sum(axis: 0))
printTensor("x.mean(axis: 1) →", x.mean(axis: 1))
printTensor("x.max(axis: 1, keepDims: true) →", x.max(axis: 1, keepDims: true))
printTensor("rows normalised to sum 1, x / x.sum(axis: 1, keepDims: true) →", x / x.sum(axis: 1, keepDims: true))

/*:
 ## Reshape vs permute

 `reshape` reads the same buffer with another shape: nothing moves, and the result shares storage
 with the original. `permute` (and `transposed`) reorder the *axes*, so the elements must move:
 it copies. `x.reshape([4, 3])` and `x.permute([1, 0])` have the same shape and different contents.
 */
printSection("Reshape vs permute")
let reshaped = x.reshape([4, 3])
let permuted = x.permute([1, 0])
printTensor("x.reshape([4, 3]) →", reshaped)
printTensor("x.permute([1, 0]) →", permuted)
print("reshape shares x's storage: \(reshaped.storage === x.storage); permute shares it: \(permuted.storage === x.storage)")

/*:
 ## Matrix multiplication: three loops vs BLAS

 `C = A · B` with `C[i, j] = Σₚ A[i, p] · B[p, j]` costs `2·m·k·n` floating-point operations.
 Below is the textbook loop, written here in the chapter. `swift run` makes a **debug** build, so this
 loop runs unoptimised, with bounds checks on every array access. The library is different: the
 targets with hot loops (`TensorCore`, `NeuralNetworks`, …) are compiled with `-Ounchecked` even in
 debug builds (see `Package.swift`), and `Tensor.matmul` calls OpenBLAS's `sgemm`, which blocks the
 matrices for the caches and uses SIMD on every core. Exercise 1.5 asks for the loop in a faster order.
 */
func textbookMatmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var total: Float = 0
            for p in 0..<k { total += a[i * k + p] * b[p * n + j] }
            c[i * n + j] = total
        }
    }
    return c
}

printSection("Matrix multiplication: three loops vs BLAS")
#if DEBUG
print("This is a debug build: the loop below is unoptimised; TensorCore is still compiled with -Ounchecked.")
#else
print("This is a release build: the loop below is optimised too.")
#endif
var generator = SeededGenerator(seed: options.seed)
var table = TextTable(columns: ["size", "loops ms", "matmul ms", "loops GFLOP/s", "matmul GFLOP/s", "speed-up", "max |difference|"])
for size in options.quick ? [64, 128, 256] : [64, 128, 256, 512] {
    let a = Tensor.randn([size, size], using: &generator), b = Tensor.randn([size, size], using: &generator)
    let arrayA = a.scalars, arrayB = b.scalars
    let loops = textbookMatmul(arrayA, arrayB, m: size, k: size, n: size)
    let blas = a.matmul(b).scalars
    let difference = zip(loops, blas).map { abs($0 - $1) }.max() ?? 0
    let loopSeconds = measure(budget: options.quick ? 0.2 : 0.5) { _ = textbookMatmul(arrayA, arrayB, m: size, k: size, n: size) }
    let blasSeconds = measure(budget: options.quick ? 0.2 : 0.5) { _ = a.matmul(b) }
    let flops = 2 * Double(size * size * size)
    table.addRow(["\(size)×\(size)", (loopSeconds * 1e3).formatted(significantDigits: 3), (blasSeconds * 1e3).formatted(significantDigits: 3),
                  (flops / loopSeconds / 1e9).formatted(significantDigits: 3), (flops / blasSeconds / 1e9).formatted(significantDigits: 3),
                  (loopSeconds / blasSeconds).formatted(significantDigits: 3), Double(difference).formatted(significantDigits: 2)])
}
print(table)
showYourMatmul(sizes: options.quick ? [64, 128] : [64, 128, 256], budget: options.quick ? 0.2 : 0.5, seed: options.seed,
               enabled: options.useExercises)  // --use-exercises: your exercise 1.5 beside the textbook loop
/*:
 Both compute the same product (the last column is rounding: the two add the terms in different
 orders). The speed-up is what a kernel library buys. It is also why the course keeps every hot loop
 inside the library and out of the chapters.
 */
exitOnError { try output.write(table.csv, to: "matmul-timings.csv") }

/*:
 ## Exercises

 Open `Exercises/Chapter01/` and replace each `throw ExerciseNotDone(…)` with your answer:

 1. `broadcastShape(_:_:)`: the broadcasting rule.
 2. `rowMajorStrides(_:)` and `flatIndex(_:shape:)`: where an element lives in the buffer.
 3. `softmax(_:)`: numerically stable, so that `[1000, 1001, 1002]` works.
 4. `logSumExp(_:)`: the same trick, for `log Σ exp`.
 5. `naiveMatmul(_:_:m:k:n:)`: three loops, in the cache-friendly order.

 `swift run exercises` shows what is done and what is next; `swift test --filter Exercise01` runs the checks.
 */
printSection("Exercises")
print("Edit Exercises/Chapter01/, then run `swift run exercises` or `swift test --filter Exercise01`.")
print("")
print(output.summary)
