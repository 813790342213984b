#ifndef CTHREADPOOL_H
#define CTHREADPOOL_H

/// One block of a parallel loop: `body(context, block)`.
typedef void (*thread_pool_body)(void *context, long block);

/// Runs `body(context, b)` for every `b` in `0 ..< blocks` on the calling thread and `workers` persistent
/// worker threads (started on first use), and returns when all blocks are done. Blocks are handed out one at a
/// time, so a thread slowed down by another process takes fewer of them.
///
/// Idle workers spin for a while (1 ms) before they sleep: training steps start hundreds of parallel loops each,
/// waking a sleeping thread takes longer than many of those loops last, and the calling thread's work between two
/// loops often lasts longer than 0.1 ms. With more threads than processors they spin for 10 µs only. `on_start` runs
/// once on every worker thread before its first block (to set per-thread state such as the floating-point mode).
///
/// Only one thread uses the workers at a time: a call made while another thread's loop is running, or from inside
/// a block, runs all its blocks on the calling thread.
void thread_pool_run(long blocks, thread_pool_body body, void *context, int workers, void (*on_start)(void));

#endif
