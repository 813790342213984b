import COpenBLAS
import RealModule

/// The element type of a tensor. Training uses `float32`; `float64` exists so that
/// gradient checks can compare against finite differences in double precision.
public enum DType: String, Sendable, CustomStringConvertible {
    case float32
    case float64

    /// Bytes per element.
    public var byteSize: Int { self == .float32 ? 4 : 8 }
    public var description: String { rawValue }
}

/// A scalar type a tensor can hold: `Float` or `Double`.
///
/// Kernels are written once, generic over `TensorScalar`, and specialised for both types.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable {
    static var dtype: DType { get }
    /// `C = alpha * op(A) * op(B) + beta * C` for row-major matrices, through BLAS.
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                     alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: TensorScalar {
    public static var dtype: DType { .float32 }
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        Profiler.measure(.gemm) { splitGEMM(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) { ao, bo, co, m, n in
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), alpha, a + ao, blasint(lda), b + bo, blasint(ldb), beta, c + co, blasint(ldc))
        } }
    }
}

extension Double: TensorScalar {
    public static var dtype: DType { .float64 }
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        Profiler.measure(.gemm) { splitGEMM(transA: transA, transB: transB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc) { ao, bo, co, m, n in
            cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), alpha, a + ao, blasint(lda), b + bo, blasint(ldb), beta, c + co, blasint(ldc))
        } }
    }
}
