extension Chapter01 {
    /// Exercise 1.5: matrix multiplication with three loops.
    ///
    /// `a` holds an `m × k` matrix and `b` a `k × n` matrix, both row-major; return the `m × n`
    /// product `c[i, j] = Σₚ a[i, p] · b[p, j]`, row-major. (Element `[i, j]` of an `r × c` matrix
    /// is at flat position `i · c + j`.) When `k` is 0 the product is all zeros.
    /// Chapter 1 times this loop against BLAS.
    public static func naiveMatmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) throws -> [Float] {
        throw ExerciseNotDone("Exercise 1.5")
    }
}
