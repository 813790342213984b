#if os(Linux)
import Foundation
import Testing

/// A training step frees its tensors and allocates them again in the next step. On Linux the library asks glibc's
/// malloc to keep that memory in the heap instead of giving it back and faulting it in again (see `TensorStorage`),
/// unless the user configured malloc. Measured on `gan-bench`'s MLP GAN as a user runs it: the minor page faults per
/// timed step that gan-bench counts itself (`getrusage` around its timed steps, after three warm-up steps).
extension ChapterRunTests {
    /// Page faults per training step of `gan-bench --config mlp`, with `extraEnvironment` added.
    func faultsPerStep(_ extraEnvironment: [String: String]) throws -> Double {
        let products = try #require(Self.products, "the programs are not built next to the tests; run `swift build` first")
        let process = Process()
        process.executableURL = products.appendingPathComponent("gan-bench")
        process.arguments = ["--config", "mlp", "--steps", "10", "--warmup", "3"]
        process.environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let prefix = "  minor page faults per timed step: "
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, "gan-bench printed no page-fault line:\n\(text)")
        return try #require(Double(line.dropFirst(prefix.count)), "not a number: \(line)")
    }

    @Test("a training step reuses its memory: few page faults per step, several times fewer than with glibc's own settings")
    func trainingStepsReuseTheirMemory() throws {
        let kept = try faultsPerStep([:])
        let glibcOwn = try faultsPerStep(["GLIBC_TUNABLES": "glibc.malloc.check=0"])
        // Measured in the debug build on a 2-core Xeon: 65–120 against 880–1,130.
        #expect(kept < 300, "\(kept) page faults per step")
        #expect(glibcOwn > 3 * kept + 100, "with GLIBC_TUNABLES set: \(glibcOwn) page faults per step, against \(kept)")
    }
}
#endif
