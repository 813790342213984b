import Dispatch
import Foundation
import Testing
import TensorCore

/// `parallelFor` runs on the library's own thread pool, whose workers wait spinning between loops. Whatever the
/// timing, every iteration must run exactly once: in one loop, in thousands of loops back to back (a worker that
/// wakes late must not run a finished loop's body), inside another loop, and from several threads at once.
@Suite("parallelFor runs every iteration exactly once")
struct ParallelForTests {
    /// Counts how often each of `count` iterations ran, with `parallelFor` splitting them.
    private func runCounts(_ count: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        counts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            parallelFor(count, cost: 1 << 15) { i in buffer[i] += 1 }
        }
        return counts
    }

    @Test("loops of 1 to 100 iterations, and 5,000 short loops back to back")
    func everyIterationOnce() {
        #expect(computeThreads >= 1)
        for count in 1...100 {
            #expect(runCounts(count) == [Int](repeating: 1, count: count), "count \(count)")
        }
        var wrong = 0
        for round in 0..<5_000 where runCounts(8 + round % 5) != [Int](repeating: 1, count: 8 + round % 5) { wrong += 1 }
        #expect(wrong == 0)
    }

    @Test("a loop inside a loop runs all its iterations")
    func nested() {
        var counts = [Int](repeating: 0, count: 16 * 16)
        counts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            parallelFor(16, cost: 1 << 15) { i in
                parallelFor(16, cost: 1 << 15) { j in buffer[i * 16 + j] += 1 }
            }
        }
        #expect(counts == [Int](repeating: 1, count: 16 * 16))
    }

    @Test("four threads starting loops at the same time all get every iteration done")
    func concurrentCallers() {
        let wrongLoops = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4)
        wrongLoops.initialize(repeating: 0)
        defer { wrongLoops.deallocate() }
        nonisolated(unsafe) let wrong = wrongLoops
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for round in 0..<500 where runCounts(6 + round % 7) != [Int](repeating: 1, count: 6 + round % 7) {
                wrong[caller] += 1
            }
        }
        #expect(Array(wrongLoops) == [0, 0, 0, 0])
    }
}
