#if canImport(Glibc)
import Glibc
#endif

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
        _ = heapKeptForReuse
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

/// Set once, before the first tensor is allocated: on Linux, glibc's malloc keeps freed blocks under 32 MB in its heap
/// and never gives the heap's top back to the system.
///
/// A training step frees and allocates the same megabyte-sized tensors again and again. By default glibc hands many of
/// them back to the system (blocks above its adaptive mmap threshold, and the heap's free top), so every step faults the
/// pages in again: 800 faults a step measured for the MLP GAN of `gan-bench`, 1,450 for `dcgan28`, 3–6 % of a step on
/// two threads, whose workers wait while the main thread faults. The process then holds on to the memory of its
/// largest step, which it needs again anyway. A user who set `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_` or
/// `GLIBC_TUNABLES` keeps those settings.
private let heapKeptForReuse: Void = {
    #if os(Linux) && canImport(Glibc)
    let userSettings: [String] = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"]
    guard userSettings.allSatisfy({ getenv($0) == nil }),
          let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }  // <malloc.h>, not in Glibc's module map
    let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
    _ = mallopt(mmapThreshold, 32 << 20)
    _ = mallopt(trimThreshold, Int32.max)
    #endif
}()
