import CCPUID
import COpenBLAS
import CThreadPool

/// How many threads the library computes on: `OPENBLAS_NUM_THREADS` if set, else OpenBLAS's default
/// (the number of cores). `OPENBLAS_NUM_THREADS=1` makes a whole training step single-threaded.
///
/// The library runs all these threads itself, matrix products included (`splitGEMM`), and keeps OpenBLAS
/// single-threaded: OpenBLAS's own worker threads keep spinning for a while after every product, and on a
/// small machine they would take CPU time from the element-wise and im2col work that runs between products
/// (measured on 2 cores: a DCGAN training step 15% slower).
public let computeThreads: Int = {
    let threads = Int(max(1, openblas_get_num_threads()))
    openblas_set_num_threads(1)
    return threads
}()

/// Runs `body(i)` for every `i` in `0..<count`, spread over `computeThreads` threads.
///
/// The threads are a small pool of our own (`CThreadPool`) rather than Dispatch's: its idle workers spin for 1 ms
/// before they sleep, because a training step starts hundreds of these loops and waking a sleeping thread takes
/// longer than many of them last (measured on 2 cores: Dispatch's workers made a small DCGAN step barely faster on
/// two threads than on one; spinning 0.1 ms instead of 1 ms let the worker fall asleep about 20 times a `dcgan28`
/// step, and the step took 2–7 % longer).
///
/// Every thread it computes on, the calling one included, flushes subnormal floats to zero
/// (`ccpuid_flush_subnormals_to_zero`): a GAN whose discriminator saturates fills its gradients with them,
/// and on x86 each one costs a slow microcode assist (seen: a DCGAN step 8× slower).
///
/// Iterations must be independent (each writes its own part of the output). `cost` is a rough number of
/// elements one iteration touches; work below about 32k elements in all runs on the calling thread,
/// where starting threads would cost more than it saves. Iterations are handed out in a few blocks per
/// thread rather than one, so that a thread slowed down by another process does not hold the others up.
/// Inside an iteration, a nested `parallelFor` (a matrix product or an im2col a thread runs on its own part of
/// the batch, for instance) runs on its own thread only: the other threads are busy already. So does a loop
/// started while another thread's loop is running.
public func parallelFor(_ count: Int, cost: Int, _ body: (Int) -> Void) {
    let threads = Swift.min(computeThreads, count)
    flushSubnormalsToZero()
    guard threads > 1, count * cost >= 1 << 15 else {
        for i in 0..<count { body(i) }
        return
    }
    let blocks = Swift.min(count, 4 * threads)
    withoutActuallyEscaping(body) { body in
        var loop = ParallelLoop(body: body, count: count, blocks: blocks)
        withUnsafeMutablePointer(to: &loop) { pointer in
            thread_pool_run(blocks, { context, block in
                let loop = context!.assumingMemoryBound(to: ParallelLoop.self).pointee
                for i in (block * loop.count / loop.blocks)..<((block + 1) * loop.count / loop.blocks) { loop.body(i) }
            }, pointer, Int32(threads - 1), { flushSubnormalsToZero() })
        }
    }
}

/// What the pool's C callback needs to run one block of a `parallelFor`.
private struct ParallelLoop {
    let body: (Int) -> Void
    let count: Int, blocks: Int
}

/// Flushes subnormal floats to zero on the calling thread (see `parallelFor`). Programs call it once on their
/// main thread at start-up; `parallelFor` does it on every thread it computes on.
public func flushSubnormalsToZero() {
    ccpuid_flush_subnormals_to_zero()
}

/// Computes the row-major product `C = op(A) · op(B)` (`m × n`, inner size `k`) as `computeThreads` blocks of
/// columns (or of rows, when `C` is taller than wide) at the same time. `block(aOffset, bOffset, cOffset, m, n)`
/// multiplies one block: the offsets are in elements from the start of `A`, `B` and `C`.
func splitGEMM(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int,
               _ block: (_ aOffset: Int, _ bOffset: Int, _ cOffset: Int, _ m: Int, _ n: Int) -> Void) {
    let threads = computeThreads
    let splitColumns = n >= m
    let size = splitColumns ? n : m
    // Blocks of whole 16-element panels, so that every block keeps the kernels' full width.
    let parts = Swift.min(threads, size / 16)
    guard parts > 1, m * n * k >= 1 << 20 else {
        block(0, 0, 0, m, n)
        return
    }
    let panels = (size + 15) / 16
    parallelFor(parts, cost: m * n * k / parts) { part in
        let start = Swift.min(size, panels * part / parts * 16)
        let end = Swift.min(size, panels * (part + 1) / parts * 16)
        guard end > start else { return }
        if splitColumns {
            block(0, transB ? start * ldb : start, start, m, end - start)
        } else {
            block(transA ? start : start * lda, 0, start * ldc, end - start, n)
        }
    }
}
