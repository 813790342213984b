#if os(Linux)
import Foundation
import Testing

/// A training step frees its tensors and allocates them again in the next step. On Linux the library asks glibc's
/// malloc to keep that memory in the heap instead of giving it back and faulting it in again (see `TensorStorage`),
/// unless the user configured malloc. Measured on `gan-bench`'s MLP GAN as a user runs it: the minor page faults of
/// a run of 13 steps minus those of a run of 3, per step.
extension ChapterRunTests {
    /// Page faults per training step of `gan-bench --config mlp`, with `extraEnvironment` added.
    func faultsPerStep(_ extraEnvironment: [String: String]) throws -> Double {
        let products = try #require(Self.products, "the programs are not built next to the tests; run `swift build` first")
        func faults(steps: Int) throws -> Int {
            func childFaults() -> Int {
                var usage = rusage()
                getrusage(RUSAGE_CHILDREN.rawValue, &usage)
                return usage.ru_minflt
            }
            let process = Process()
            process.executableURL = products.appendingPathComponent("gan-bench")
            process.arguments = ["--config", "mlp", "--steps", String(steps), "--warmup", "1"]
            process.environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let before = childFaults()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return childFaults() - before
        }
        return Double(try faults(steps: 13) - faults(steps: 3)) / 10
    }

    @Test("a training step reuses its memory: few page faults per step, where glibc's own settings fault in hundreds")
    func trainingStepsReuseTheirMemory() throws {
        let kept = try faultsPerStep([:])
        let glibcOwn = try faultsPerStep(["GLIBC_TUNABLES": "glibc.malloc.check=0"])
        #expect(kept < 300, "\(kept) page faults per step")
        #expect(glibcOwn > 2 * kept + 200, "with GLIBC_TUNABLES set: \(glibcOwn) page faults per step, against \(kept)")
    }
}
#endif
