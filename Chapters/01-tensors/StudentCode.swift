#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport
import TensorCore

/// With `--use-exercises`: the student's loop of exercise 1.5 timed beside the chapter's textbook loop
/// (both in this debug build), and checked against BLAS. Prints which exercise is still a stub.
func showYourMatmul(sizes: [Int], budget: Double, seed: UInt64, enabled: Bool) {
    let yours = StudentCode.use(exercise: "1.5", piece: "three-loop matmul", file: "\(studentFolder)/Chapter01/NaiveMatmul.swift", enabled: enabled) {
        let product = try Chapter01.naiveMatmul([1, 2, 3, 4], [5, 6, 7, 8], m: 2, k: 2, n: 2)
        return product.count == 4 ? zip(product, [19, 22, 43, 50]).map { Double(abs($0 - $1)) }.max()! : .nan
    }
    guard yours else { return }
    var generator = SeededGenerator(seed: seed)
    var table = TextTable(columns: ["size", "textbook loops ms", "your loops ms", "your speed-up", "your max |difference| from BLAS"])
    for size in sizes {
        let a = Tensor.randn([size, size], using: &generator), b = Tensor.randn([size, size], using: &generator)
        let arrayA = a.scalars, arrayB = b.scalars
        let mine = exitOnError { try Chapter01.naiveMatmul(arrayA, arrayB, m: size, k: size, n: size) }
        let difference = zip(mine, a.matmul(b).scalars).map { abs($0 - $1) }.max() ?? .nan
        let textbook = measure(budget: budget) { _ = textbookMatmul(arrayA, arrayB, m: size, k: size, n: size) }
        let yourSeconds = measure(budget: budget) { _ = try? Chapter01.naiveMatmul(arrayA, arrayB, m: size, k: size, n: size) }
        table.addRow(["\(size)×\(size)", (textbook * 1e3).formatted(significantDigits: 3), (yourSeconds * 1e3).formatted(significantDigits: 3),
                      (textbook / yourSeconds).formatted(significantDigits: 3), Double(difference).formatted(significantDigits: 2)])
    }
    print(table)
}
