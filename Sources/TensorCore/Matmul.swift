// Matrix multiplication through BLAS (`cblas_sgemm` / `cblas_dgemm`).

extension Tensor {
    /// Matrix product. 2-D: `[M, K] × [K, N] → [M, N]`. Batched: `[B, M, K] × [B, K, N] → [B, M, N]`,
    /// and `[…, M, K] × [K, N]` multiplies every matrix of the batch by the same right side.
    /// `transposeA` / `transposeB` use `Aᵀ` / `Bᵀ` without copying (as `Linear` does with its `[out, in]` weight).
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        let a = self, b = other
        require(a.dtype == b.dtype, "matmul: dtypes \(a.dtype) and \(b.dtype) differ")
        require(a.rank >= 2 && b.rank >= 2, "matmul: needs matrices, got shapes \(a.shape) and \(b.shape)")
        if a.rank > 2 && b.rank == 2 && !transposeA {
            // Fold the batch into the rows: one large GEMM instead of many small ones.
            let rows = a.count / a.shape[a.rank - 1]
            let flat = a.reshape([rows, a.shape[a.rank - 1]]).matmul(b, transposeB: transposeB)
            return flat.reshape(Array(a.shape.dropLast()) + [flat.shape[1]])
        }
        require(a.rank == b.rank && a.shape.dropLast(2) == b.shape.dropLast(2),
                     "matmul: batch shapes of \(a.shape) and \(b.shape) differ")
        let (m, k) = transposeA ? (a.shape[a.rank - 1], a.shape[a.rank - 2]) : (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (k2, n) = transposeB ? (b.shape[b.rank - 1], b.shape[b.rank - 2]) : (b.shape[b.rank - 2], b.shape[b.rank - 1])
        require(k == k2, "matmul: shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not fit: inner sizes \(k) and \(k2) differ")
        let batchShape = Array(a.shape.dropLast(2))
        let out = Tensor(uninitializedShape: batchShape + [m, n], dtype: a.dtype)
        gemm(a, b, into: out, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        return out.recordOperation("matmul", inputs: [a, b]) { g in
            let gradA: Tensor? = !a.requiresGrad ? nil
                : transposeA ? b.matmul(g, transposeA: transposeB, transposeB: true)
                             : g.matmul(b, transposeB: !transposeB)
            let gradB: Tensor? = !b.requiresGrad ? nil
                : transposeB ? g.matmul(a, transposeA: true, transposeB: transposeA)
                             : a.matmul(g, transposeA: !transposeA)
            return [gradA, gradB]
        }
    }
}

/// `out = op(a) · op(b)` for every matrix of the batch.
private func gemm(_ a: Tensor, _ b: Tensor, into out: Tensor, m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) {
    let batch = out.count / Swift.max(m * n, 1)
    let lda = a.shape[a.rank - 1], ldb = b.shape[b.rank - 1]
    func run<T: TensorScalar>(_: T.Type) {
        let pa = a.pointer(T.self), pb = b.pointer(T.self), pc = out.pointer(T.self)
        for i in 0..<batch {
            if k == 0 { (pc + i * m * n).update(repeating: 0, count: m * n); continue }
            T.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1,
                   a: pa + i * m * k, lda: lda, b: pb + i * k * n, ldb: ldb, beta: 0, c: pc + i * m * n, ldc: n)
        }
    }
    switch a.dtype {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    }
}
