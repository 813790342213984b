extension Chapter01 {
    /// Exercise 1.5: matrix multiplication with three loops.
    ///
    /// `a` holds an `m × k` matrix and `b` a `k × n` matrix, both row-major; return the `m × n`
    /// product `c[i, j] = Σₚ a[i, p] · b[p, j]`, row-major. (Element `[i, j]` of an `r × c` matrix
    /// is at flat position `i · c + j`.) When `k` is 0 the product is all zeros.
    /// Chapter 1 times this loop against BLAS.
    public static func naiveMatmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) throws -> [Float] {
        precondition(a.count == m * k && b.count == k * n, "naiveMatmul: a has \(a.count) elements (expected \(m * k)), b has \(b.count) (expected \(k * n))")
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let aip = a[i * k + p]
                for j in 0..<n {
                    c[i * n + j] += aip * b[p * n + j]
                }
            }
        }
        return c
    }
}
