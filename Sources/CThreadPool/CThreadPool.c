// A fork-join pool whose idle workers spin briefly before sleeping (see CThreadPool.h).
//
// One job at a time. The job is published by storing (generation << 32 | 0) into `next`; a worker claims block i
// of generation g by a compare-and-swap from (g << 32 | i) to (g << 32 | i + 1), so a worker that wakes late can
// never claim a block of a later job with the earlier job's body. The caller waits until `finished` counts every
// block, then the job's memory may go.
#define _GNU_SOURCE
#include "CThreadPool.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

enum { MAX_WORKERS = 63 };
// How long an idle worker spins before it sleeps: 1 ms while every thread has a processor of its own (see
// CThreadPool.h), 10 µs when there are more threads than processors, where a spinning worker would take a processor
// from a thread with work. GNU OpenMP does the same with its spin count (300,000 rounds, cut to 100).
static const long SPIN_NANOSECONDS = 1000000, OVERSUBSCRIBED_SPIN_NANOSECONDS = 10000;
static long spin_nanoseconds = SPIN_NANOSECONDS;

static _Atomic uint64_t next;          // generation << 32 | next block index
static _Atomic long finished;          // blocks of the current job done
static thread_pool_body job_body;      // written before `next` is published, read after it is seen
static void *job_context;
static _Atomic long job_blocks;  // atomic: a late worker may read it while the next job is being set up

static _Atomic int sleepers;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;
static int started_workers;
static void (*worker_start)(void);
static __thread int inside_block;

static long now_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

/// Claims and runs blocks of generation `generation` until none is left.
static void run_blocks(uint64_t generation) {
    long done = 0;
    uint64_t current = atomic_load_explicit(&next, memory_order_acquire);
    for (;;) {
        if ((current >> 32) != generation) break;
        long index = (long)(current & 0xffffffffu);
        if (index >= atomic_load_explicit(&job_blocks, memory_order_relaxed)) break;
        if (!atomic_compare_exchange_weak_explicit(&next, &current, current + 1, memory_order_acq_rel, memory_order_acquire))
            continue;
        job_body(job_context, index);
        done += 1;
        current = atomic_load_explicit(&next, memory_order_acquire);
    }
    if (done > 0) atomic_fetch_add_explicit(&finished, done, memory_order_release);
}

static void *worker_main(void *unused) {
    (void)unused;
    if (worker_start) worker_start();
    inside_block = 1;  // a parallel loop inside a block runs on this thread alone
    uint64_t seen = 0;
    for (;;) {
        uint64_t generation = atomic_load_explicit(&next, memory_order_acquire) >> 32;
        if (generation == seen) {
            long deadline = now_nanoseconds() + spin_nanoseconds;
            for (int i = 1;; i++) {
                CPU_RELAX();
                generation = atomic_load_explicit(&next, memory_order_acquire) >> 32;
                if (generation != seen) break;
                if ((i & 63) == 0 && now_nanoseconds() > deadline) {
                    pthread_mutex_lock(&sleep_lock);
                    atomic_fetch_add(&sleepers, 1);
                    while ((generation = atomic_load(&next) >> 32) == seen) pthread_cond_wait(&wake, &sleep_lock);
                    atomic_fetch_sub(&sleepers, 1);
                    pthread_mutex_unlock(&sleep_lock);
                    break;
                }
            }
        }
        seen = generation;
        run_blocks(generation);
    }
    return NULL;
}

/// The processors this process may run on.
static long available_processors(void) {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? online : 1;
}

/// Starts workers up to `workers` (once per process, in practice), each running `on_start` first.
static void start_workers(int workers, void (*on_start)(void)) {
    if (started_workers >= workers) return;
    worker_start = on_start;
    spin_nanoseconds = workers + 1 > available_processors() ? OVERSUBSCRIBED_SPIN_NANOSECONDS : SPIN_NANOSECONDS;
    while (started_workers < workers && started_workers < MAX_WORKERS) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, NULL) != 0) break;
        pthread_detach(thread);
        started_workers += 1;
    }
}

void thread_pool_run(long blocks, thread_pool_body body, void *context, int workers, void (*on_start)(void)) {
    if (blocks <= 0) return;
    if (workers < 1 || blocks == 1 || inside_block || pthread_mutex_trylock(&submit_lock) != 0) {
        for (long b = 0; b < blocks; b++) body(context, b);
        return;
    }
    start_workers(workers, on_start);
    job_body = body;
    job_context = context;
    atomic_store_explicit(&job_blocks, blocks, memory_order_relaxed);
    atomic_store_explicit(&finished, 0, memory_order_relaxed);
    uint64_t generation = (atomic_load_explicit(&next, memory_order_relaxed) >> 32) + 1;
    atomic_store(&next, generation << 32);  // sequentially consistent: pairs with the sleepers check below
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&sleep_lock);
    }
    inside_block = 1;
    run_blocks(generation);
    inside_block = 0;
    // Wait for blocks other threads are still running; yield now and then in case one was preempted.
    for (int i = 1; atomic_load_explicit(&finished, memory_order_acquire) < blocks; i++) {
        CPU_RELAX();
        if ((i & 1023) == 0) sched_yield();
    }
    pthread_mutex_unlock(&submit_lock);
}
