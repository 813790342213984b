import COpenBLAS

/// Compares OpenBLAS's `sgemm` and `dgemm` with products summed in `Double` by plain loops, on sizes that
/// reach the kernels' edge cases and their blocked main loop, with every combination of transposes.
/// Used once at start-up, for kernels chosen by `OpenBLASCoreSelection`.
public enum OpenBLASProductCheck {
    /// Whether every product agrees with the reference within rounding.
    public static func passes() -> Bool {
        let shapes = [(1, 1, 1), (3, 5, 7), (17, 33, 9), (67, 45, 83), (150, 131, 290)]
        for (m, n, k) in shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    guard agrees(Float.self, m: m, n: n, k: k, transA: transA, transB: transB) else { return false }
                }
            }
        }
        return agrees(Double.self, m: 67, n: 45, k: 83, transA: false, transB: true)
            && agrees(Double.self, m: 150, n: 131, k: 290, transA: true, transB: false)
    }

    /// One product `op(A) · op(B)`, `m × n` with inner size `k`, against the reference.
    static func agrees<T: TensorScalar>(_: T.Type, m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> Bool {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(m * 1000 + n * 10 + k)
        func next() -> Double {   // values in [-1, 1) from a linear congruential generator
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let a = (0..<(m * k)).map { _ in T(next()) }, b = (0..<(k * n)).map { _ in T(next()) }
        var c = [T](repeating: T(7), count: m * n)   // beta 0 must overwrite whatever is there
        let lda = transA ? m : k, ldb = transB ? k : n
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    T.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: lda,
                           b: pb.baseAddress!, ldb: ldb, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        let epsilon = T.self == Float.self ? Double(Float.ulpOfOne) : Double.ulpOfOne
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    let x = Double(transA ? a[p * lda + i] : a[i * lda + p])
                    let y = Double(transB ? b[j * ldb + p] : b[p * ldb + j])
                    sum += x * y
                    magnitude += abs(x * y)
                }
                let error = abs(Double(c[i * n + j]) - sum)
                guard error <= 2 * Double(k) * epsilon * magnitude + 1e-30, !error.isNaN else { return false }
            }
        }
        return true
    }
}
