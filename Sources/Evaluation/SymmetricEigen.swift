import Foundation
import TensorCore

/// The eigen-decomposition A = V · diag(values) · Vᵀ of a real symmetric matrix, by cyclic Jacobi rotations.
///
/// Each rotation zeroes one off-diagonal pair; sweeps over all pairs repeat until the off-diagonal part is
/// negligible (usually 6 to 10 sweeps). Accurate to a few ulps for the small (≤ a few hundred) covariance
/// matrices a Fréchet distance needs, and simple enough to read in one sitting.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, in no particular order.
    public let values: [Double]
    /// The eigenvectors as the columns of a row-major n × n matrix: column k belongs to `values[k]`.
    public let vectors: [Double]
    /// The matrix size n.
    public let size: Int

    /// Decomposes the row-major n × n matrix `matrix`, which must be symmetric.
    public init(_ matrix: [Double], size n: Int) {
        require(matrix.count == n * n, "SymmetricEigen: \(matrix.count) values do not form a \(n) × \(n) matrix")
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in
                let scale = max(a.reduce(0) { $0 + $1 * $1 }, .leastNormalMagnitude)
                for _ in 0..<100 {
                    var offDiagonal = 0.0
                    for p in 0..<n { for q in (p + 1)..<n { offDiagonal += a[p * n + q] * a[p * n + q] } }
                    if offDiagonal <= 1e-30 * scale { break }
                    for p in 0..<n {
                        for q in (p + 1)..<n where a[p * n + q] != 0 {
                            Self.rotate(a, v, n, p, q)
                        }
                    }
                }
            }
        }
        values = (0..<n).map { a[$0 * n + $0] }
        vectors = v
        size = n
    }

    /// One Jacobi rotation in the (p, q) plane that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
    private static func rotate(_ a: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>,
                               _ n: Int, _ p: Int, _ q: Int) {
        let apq = a[p * n + q]
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<n {  // columns p and q: A ← A·J
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {  // rows p and q: A ← Jᵀ·A
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
        }
        a[p * n + q] = 0
        a[q * n + p] = 0
        for k in 0..<n {  // V ← V·J
            let vkp = v[k * n + p], vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
        }
    }

    /// V · diag(f(values)) · Vᵀ: a function applied to the matrix, e.g. its square root with `f = sqrt`.
    public func mapped(_ f: (Double) -> Double) -> [Double] {
        let n = size, fv = values.map(f)
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<n { sum += vectors[i * n + k] * fv[k] * vectors[j * n + k] }
                result[i * n + j] = sum
                result[j * n + i] = sum
            }
        }
        return result
    }
}
