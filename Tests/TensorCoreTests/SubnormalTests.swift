import Foundation
import Testing
import TensorCore

/// Subnormal floats cost a slow microcode assist per operation on x86; the library flushes them to zero on every
/// thread it computes on. Run in a child process, so that no other test's thread is changed.
@Suite("Subnormal floats are flushed to zero")
struct SubnormalTests {
    @Test("after flushSubnormalsToZero(), halving the smallest normal float gives 0 on this thread and in parallelFor")
    func flushed() async {
        await #expect(processExitsWith: .success) {
            // Read through a tensor so that the compiler cannot fold the product at build time.
            let smallest = Tensor([Float.leastNormalMagnitude]).scalars[0]
            guard smallest * 0.5 > 0 else { exit(2) }          // subnormals exist before the switch
            flushSubnormalsToZero()
            guard smallest * 0.5 == 0 else { exit(3) }
            var halves = [Float](repeating: 1, count: 64)
            halves.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                parallelFor(64, cost: 1 << 12) { i in out[i] = smallest * 0.5 }
            }
            exit(halves.allSatisfy { $0 == 0 } ? 0 : 4)
        }
    }
}
