/// The flat, contiguous buffer behind one or more tensors (a reshape shares it).
///
/// Elements are laid out row-major ("C order"): the last axis varies fastest.
public final class TensorStorage: @unchecked Sendable {
    /// Number of elements.
    public let count: Int
    public let dtype: DType
    let raw: UnsafeMutableRawPointer

    /// Allocates `count` uninitialised elements, 64-byte aligned for SIMD and BLAS.
    init(count: Int, dtype: DType) {
        self.count = count
        self.dtype = dtype
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * dtype.byteSize, alignment: 64)
    }

    deinit { raw.deallocate() }

    /// The buffer seen as elements of `T`, which must match `dtype`.
    @inline(__always)
    func pointer<T: TensorScalar>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        require(T.dtype == dtype, "storage holds \(dtype), asked for \(T.dtype)")
        return raw.assumingMemoryBound(to: T.self)
    }
}
