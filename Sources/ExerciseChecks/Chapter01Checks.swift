#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import TensorCore

/// Chapter 1 (tensors): shapes, strides, stable softmax and log-sum-exp, a matmul by loops.
let chapter01Exercises: [Exercise] = [
    Exercise(chapter: 1, number: 1, title: "The broadcast shape rule", file: "Exercises/Chapter01/BroadcastShape.swift",
             hints: [
                 """
                 Chapter 1, section "Broadcasting": shapes are compared from the right, last axis first. Ask yourself what a missing axis counts as, and which pairs of sizes can meet.
                 """,
                 "Pad the shorter shape with 1s on the left until both have the same length. Then walk the axes together: equal sizes stay, a 1 takes the other size, anything else means the shapes do not broadcast (nil). Two empty shapes (scalars) broadcast to [].",
                 """
                 let rank = max(a.count, b.count)
                 let paddedA = Array(repeating: 1, count: rank - a.count) + a
                 let paddedB = Array(repeating: 1, count: rank - b.count) + b
                 var result: [Int] = []
                 for (x, y) in zip(paddedA, paddedB) {
                     if x == y || y == 1 { result.append(x) } else if x == 1 { result.append(y) } else { return nil }
                 }
                 return result
                 """,
             ],
             check: checkBroadcastShape),
    Exercise(chapter: 1, number: 2, title: "Row-major strides and flat indices", file: "Exercises/Chapter01/Strides.swift",
             hints: [
                 """
                 Chapter 1, section "Storage and shapes": a stride is how many elements you skip in the flat storage to move one step along an axis. The last axis is contiguous.
                 """,
                 "Walk the shape from the last axis to the first with a running product that starts at 1: each axis's stride is the running product before you multiply in that axis's size. The flat index is Σ index[k] · stride[k]; first check that the index has one entry per axis and each is in 0..<shape[k], else throw IndexOutOfRange.",
                 """
                 var strides = [Int](repeating: 1, count: shape.count), running = 1
                 for axis in shape.indices.reversed() { strides[axis] = running; running *= shape[axis] }
                 return strides
                 // flatIndex:
                 guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
                     throw IndexOutOfRange(index: index, shape: shape)
                 }
                 return zip(index, try rowMajorStrides(shape)).reduce(0) { $0 + $1.0 * $1.1 }
                 """,
             ],
             check: checkStrides),
    Exercise(chapter: 1, number: 3, title: "A numerically stable softmax", file: "Exercises/Chapter01/Softmax.swift",
             hints: [
                 """
                 Chapter 1, section "Reductions": exp(1000) overflows a Float. Softmax does not change if you shift a whole row by the same constant; pick a constant that keeps every exponent small.
                 """,
                 "softmax(x) = softmax(x − c) for any c. With c = the row's maximum (max along the last axis, keeping the axis), every exponent is ≤ 0. Divide the exponentials by their sum along the last axis, again keeping the axis so that the shapes broadcast.",
                 """
                 let e = (x - x.max(axis: -1, keepDims: true).detach()).exp()
                 return e / e.sum(axis: -1, keepDims: true)
                 """,
             ],
             check: checkSoftmax),
    Exercise(chapter: 1, number: 4, title: "Log-sum-exp", file: "Exercises/Chapter01/LogSumExp.swift",
             hints: [
                 """
                 The same trick as exercise 1.3 (chapter 1, "Reductions"): take something out of the sum before exponentiating so that the log never sees 0 or infinity.
                 """,
                 "With m = the row's maximum (keeping the axis): log Σ exp(x) = m + log Σ exp(x − m). The largest term is exp(0) = 1. The result has one value per row: remove the kept last axis at the end.",
                 """
                 let m = x.max(axis: -1, keepDims: true).detach()
                 return (m + (x - m).exp().sum(axis: -1, keepDims: true).log()).squeeze(-1)
                 """,
             ],
             check: checkLogSumExp),
    Exercise(chapter: 1, number: 5, title: "Matrix multiplication by three loops", file: "Exercises/Chapter01/NaiveMatmul.swift",
             hints: [
                 """
                 Chapter 1, section "Matrix multiplication: three loops vs BLAS": c[i][j] is a dot product of row i of a and column j of b. All three matrices are stored flat, row by row.
                 """,
                 "Start from m·n zeros. Element (r, s) of a row-major matrix with w columns is at r·w + s. For each i, p, j add a[i][p] · b[p][j] into c[i][j]; ordering the loops i, p, j makes the inner loop walk b and c along memory, which the cache likes.",
                 """
                 var c = [Float](repeating: 0, count: m * n)
                 for i in 0..<m { for p in 0..<k {
                     let aip = a[i * k + p]
                     for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
                 } }
                 return c
                 """,
             ],
             check: checkNaiveMatmul),
]

@Sendable private func checkBroadcastShape() throws {
    let cases: [([Int], [Int], [Int]?)] = [
        ([2, 3], [2, 3], [2, 3]),
        ([4, 1, 3], [5, 1], [4, 5, 3]),
        ([2, 3], [3], [2, 3]),
        ([3, 1], [1, 3], [3, 3]),
        ([], [], []),
        ([], [2, 2], [2, 2]),
        ([1], [0], [0]),
        ([2, 3], [4], nil),
        ([0], [2], nil),
        ([2, 1, 4], [3, 2], nil),
    ]
    for (a, b, expected) in cases {
        try expectEqual(try Chapter01.broadcastShape(a, b), expected, "broadcastShape(\(a), \(b))")
    }
    // Random shapes, compared with TensorCore's own rule.
    var generator = SeededGenerator(seed: 1)
    for _ in 0..<200 {
        let a = (0..<Int.random(in: 0...4, using: &generator)).map { _ in [1, 1, 2, 3].randomElement(using: &generator)! }
        let b = (0..<Int.random(in: 0...4, using: &generator)).map { _ in [1, 1, 2, 3].randomElement(using: &generator)! }
        try expectEqual(try Chapter01.broadcastShape(a, b), broadcastShapes(a, b), "broadcastShape(\(a), \(b))")
    }
}

@Sendable private func checkStrides() throws {
    let cases: [([Int], [Int])] = [([2, 3, 4], [12, 4, 1]), ([5], [1]), ([], []), ([3, 1, 2], [2, 2, 1]), ([2, 2, 2, 2], [8, 4, 2, 1])]
    for (shape, expected) in cases {
        try expectEqual(try Chapter01.rowMajorStrides(shape), expected, "rowMajorStrides(\(shape))")
    }
    // Every index of a [2, 3, 4] tensor whose element at flat position i is i.
    let shape = [2, 3, 4]
    let numbered = Tensor.arange(0, 24).reshape(shape)
    for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
        try expectEqual(try Chapter01.flatIndex([i, j, k], shape: shape), Int(numbered[i, j, k]), "flatIndex([\(i), \(j), \(k)], shape: \(shape))")
    } } }
    try expectEqual(try Chapter01.flatIndex([], shape: []), 0, "flatIndex([], shape: []) (a scalar)")
    try expectEqual(try Chapter01.flatIndex([4, 0], shape: [5, 1]), 4, "flatIndex([4, 0], shape: [5, 1])")
    for (index, shape) in [([2, 0, 0], [2, 3, 4]), ([0, -1, 0], [2, 3, 4]), ([0, 0], [2, 3, 4]), ([0, 0, 0, 0], [2, 3, 4])] {
        try expectThrows(IndexOutOfRange.self, "flatIndex(\(index), shape: \(shape)) does not fit") {
            try Chapter01.flatIndex(index, shape: shape)
        }
    }
}

/// Softmax of one row, in double precision, from the definition (the rows used here are moderate).
private func referenceSoftmax(_ row: [Double]) -> [Double] {
    let m = row.max() ?? 0
    let e = row.map { Foundation.exp($0 - m) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
}

@Sendable private func checkSoftmax() throws {
    try expectClose(try Chapter01.softmax(Tensor([1, 2, 3])), Tensor([0.09003057, 0.24472847, 0.66524096]), "softmax([1, 2, 3])")
    try expectClose(try Chapter01.softmax(Tensor([[1000, 1001, 1002], [-1000, -1000, -1000]])),
                    Tensor([[0.09003057, 0.24472847, 0.66524096], [1 / 3, 1 / 3, 1 / 3]]),
                    "softmax([[1000, 1001, 1002], [-1000, -1000, -1000]]) (exp(1000) overflows: subtract the maximum)")
    try expectClose(try Chapter01.softmax(Tensor([5])), Tensor([1]), "softmax([5]) (one element)")
    var generator = SeededGenerator(seed: 2)
    let x = Tensor.normal([2, 3, 5], mean: 0, std: 3, using: &generator)
    let rows = stride(from: 0, to: x.count, by: 5).flatMap { referenceSoftmax(Array(x.doubles[$0..<$0 + 5])) }
    try expectClose(try Chapter01.softmax(x), Tensor(rows.map(Float.init), shape: [2, 3, 5]),
                    "softmax of a [2, 3, 5] tensor (along the last axis)")
    let input = Tensor.randn([2, 4], using: &generator)
    try expectEqual(try Chapter01.softmax(input.to(.float64)).dtype, .float64, "softmax of a float64 tensor keeps its dtype")
    try expectGradientsCorrect([input], "softmax built from differentiable tensor operations") { xs in
        (try? Chapter01.softmax(xs[0])) ?? xs[0]
    }
}

@Sendable private func checkLogSumExp() throws {
    let log2 = Foundation.log(2.0)
    try expectClose(try Chapter01.logSumExp(Tensor([0, 0])), Tensor(Float(log2)), "logSumExp([0, 0]) (shape [])")
    try expectClose(try Chapter01.logSumExp(Tensor([1, 2, 3])), Tensor(3.40760596), "logSumExp([1, 2, 3])")
    try expectClose(try Chapter01.logSumExp(Tensor([[1000, 1000], [-1000, -1000]])), Tensor([Float(1000 + log2), Float(-1000 + log2)]),
                    "logSumExp([[1000, 1000], [-1000, -1000]]) (exp overflows at 1000 and underflows to 0 at -1000)")
    var generator = SeededGenerator(seed: 3)
    let x = Tensor.normal([3, 4], mean: 0, std: 2, using: &generator)
    let expected = stride(from: 0, to: 12, by: 4).map { start in Foundation.log(x.doubles[start..<start + 4].map { Foundation.exp($0) }.reduce(0, +)) }
    try expectClose(try Chapter01.logSumExp(x), Tensor(expected.map(Float.init), shape: [3]), "logSumExp of a [3, 4] tensor (one value per row)")
    try expectEqual(try Chapter01.logSumExp(x.to(.float64)).dtype, .float64, "logSumExp of a float64 tensor keeps its dtype")
    try expectGradientsCorrect([x], "logSumExp built from differentiable tensor operations (its gradient is softmax)") { xs in
        (try? Chapter01.logSumExp(xs[0])) ?? xs[0]
    }
}

@Sendable private func checkNaiveMatmul() throws {
    try expectEqual(try Chapter01.naiveMatmul([1, 2, 3, 4], [5, 6, 7, 8], m: 2, k: 2, n: 2), [19, 22, 43, 50],
                    "naiveMatmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])")
    try expectEqual(try Chapter01.naiveMatmul([1, 2, 3], [4, 5, 6], m: 1, k: 3, n: 1), [32], "naiveMatmul([[1, 2, 3]], [[4], [5], [6]])")
    try expectEqual(try Chapter01.naiveMatmul([1, 2, 3], [4, 5, 6], m: 3, k: 1, n: 3), [4, 5, 6, 8, 10, 12, 12, 15, 18],
                    "naiveMatmul([[1], [2], [3]], [[4, 5, 6]]) (an outer product)")
    try expectEqual(try Chapter01.naiveMatmul([], [], m: 2, k: 0, n: 3), [0, 0, 0, 0, 0, 0], "naiveMatmul of [2, 0] × [0, 3] (all zeros)")
    var generator = SeededGenerator(seed: 4)
    let a = Tensor.randn([7, 5], using: &generator), b = Tensor.randn([5, 3], using: &generator)
    let got = try Chapter01.naiveMatmul(a.scalars, b.scalars, m: 7, k: 5, n: 3)
    try expectClose(got.map(Double.init), a.matmul(b).doubles, "naiveMatmul of random [7, 5] × [5, 3], compared with Tensor.matmul (BLAS)")
}
