/// Scratch memory a layer keeps between calls, so that large temporary buffers (im2col columns)
/// are allocated once instead of on every forward and backward pass.
///
/// Contents do not survive a call: every kernel writes what it reads within the same call.
/// A layer's forward and backward never run at the same time, so one workspace per layer is safe.
final class Workspace: @unchecked Sendable {
    private var raw: UnsafeMutableRawPointer?
    private var byteCount = 0

    deinit { raw?.deallocate() }

    /// A buffer of at least `count` elements of `T`, valid until the next call. Sixteen more elements follow it,
    /// so that a kernel may read a whole vector that starts inside the buffer (im2col's short rows do).
    func buffer<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let needed = (Swift.max(1, count) + 16) * MemoryLayout<T>.stride
        if needed > byteCount {
            raw?.deallocate()
            raw = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 64)
            byteCount = needed
        }
        return raw!.assumingMemoryBound(to: T.self)
    }
}
