import Foundation
import Testing
import TensorCore

@Suite("OpenBLAS kernels: chosen for the processor at start-up, never over the user's choice")
struct OpenBLASCoreChoiceTests {
    let avx512 = CPUVectorFeatures(avx2: true, avx512: true)
    let avx2 = CPUVectorFeatures(avx2: true, avx512: false)
    let sse = CPUVectorFeatures(avx2: false, avx512: false)
    let core = OpenBLASCoreChoice.coreTypeVariable, tried = OpenBLASCoreChoice.triedVariable
    let found = OpenBLASCoreChoice.foundVariable, keep = OpenBLASCoreChoice.keepVariable

    @Test("a value of OPENBLAS_CORETYPE the user or the system set is left alone, whatever OpenBLAS runs")
    func userValueUntouched() {
        for value in ["Prescott", "Haswell", "", "nonsense"] {
            for corename in ["Prescott", "Haswell", "SkylakeX"] {
                #expect(OpenBLASCoreChoice.decide(environment: [core: value, "HOME": "/h"], corename: corename, cpu: avx512)
                        == .proceed(message: nil))
            }
        }
    }

    @Test("generic kernels on an AVX-512 processor: re-launch on SkylakeX, check it, say so; Haswell if that fails")
    func genericOnAVX512() {
        let start = ["HOME": "/h"]
        let first = OpenBLASCoreChoice.decide(environment: start, corename: "Prescott", cpu: avx512)
        let skylakeEnvironment = ["HOME": "/h", core: "SkylakeX", tried: "SkylakeX", found: "Prescott"]
        #expect(first == .relaunch(environment: skylakeEnvironment))

        // The re-launched process runs SkylakeX: check it; if the check passes, one line names both and the opt-out.
        guard case .check(let passed, let failed) = OpenBLASCoreChoice.decide(environment: skylakeEnvironment, corename: "SkylakeX", cpu: avx512)
        else { Issue.record("expected a check"); return }
        guard case .proceed(let message?) = passed else { Issue.record("expected a message"); return }
        #expect(message.contains("SkylakeX") && message.contains("Prescott") && message.contains(keep) && message.contains(core))
        let haswellEnvironment = ["HOME": "/h", core: "Haswell", tried: "SkylakeX,Haswell", found: "Prescott"]
        #expect(failed == .relaunch(environment: haswellEnvironment))

        // Haswell fails too: back to OpenBLAS's own choice, and the last process says so.
        guard case .check(_, let haswellFailed) = OpenBLASCoreChoice.decide(environment: haswellEnvironment, corename: "Haswell", cpu: avx512)
        else { Issue.record("expected a check"); return }
        let genericEnvironment = ["HOME": "/h", tried: "SkylakeX,Haswell", found: "Prescott"]
        #expect(haswellFailed == .relaunch(environment: genericEnvironment))
        guard case .proceed(let fallback?) = OpenBLASCoreChoice.decide(environment: genericEnvironment, corename: "Prescott", cpu: avx512)
        else { Issue.record("expected a message"); return }
        #expect(fallback.contains("did not pass") && fallback.contains("Prescott") && fallback.contains("SkylakeX and Haswell"))
    }

    @Test("generic kernels on an AVX2 processor without AVX-512: Haswell only")
    func genericOnAVX2() {
        let first = OpenBLASCoreChoice.decide(environment: [:], corename: "Prescott", cpu: avx2)
        #expect(first == .relaunch(environment: [core: "Haswell", tried: "Haswell", found: "Prescott"]))
        guard case .check(_, let failed) = OpenBLASCoreChoice.decide(environment: [core: "Haswell", tried: "Haswell", found: "Prescott"],
                                                                      corename: "Haswell", cpu: avx2)
        else { Issue.record("expected a check"); return }
        #expect(failed == .relaunch(environment: [tried: "Haswell", found: "Prescott"]))
    }

    @Test("OpenBLAS ignoring the chosen kernels counts as a failed check, without running it")
    func ignoredChoice() {
        #expect(OpenBLASCoreChoice.decide(environment: [core: "Haswell", tried: "Haswell", found: "Prescott"], corename: "Prescott", cpu: avx2)
                == .relaunch(environment: [tried: "Haswell", found: "Prescott"]))
    }

    @Test("the opt-out keeps the generic kernels and says so; 0 or empty does not opt out")
    func optOut() {
        guard case .proceed(let message?) = OpenBLASCoreChoice.decide(environment: [keep: "1"], corename: "Prescott", cpu: avx512)
        else { Issue.record("expected a message"); return }
        #expect(message.contains("Prescott") && message.contains(keep))
        for value in ["0", ""] {
            guard case .relaunch = OpenBLASCoreChoice.decide(environment: [keep: value], corename: "Prescott", cpu: avx512)
            else { Issue.record("\(keep)=\(value) should not opt out"); continue }
        }
    }

    @Test("nothing to do when OpenBLAS knows the processor, or the processor has no AVX2")
    func nothingToDo() {
        #expect(OpenBLASCoreChoice.decide(environment: [:], corename: "Haswell", cpu: avx2) == .proceed(message: nil))
        #expect(OpenBLASCoreChoice.decide(environment: [:], corename: "SkylakeX", cpu: avx512) == .proceed(message: nil))
        #expect(OpenBLASCoreChoice.decide(environment: [:], corename: "Zen", cpu: avx2) == .proceed(message: nil))
        #expect(OpenBLASCoreChoice.decide(environment: [:], corename: "Prescott", cpu: sse) == .proceed(message: nil))
        #expect(OpenBLASCoreChoice.isPreAVX2("Prescott") && OpenBLASCoreChoice.isPreAVX2("sandybridge"))
        #expect(!OpenBLASCoreChoice.isPreAVX2("Haswell") && !OpenBLASCoreChoice.isPreAVX2("SkylakeX"))
    }

    @Test("a value someone changed after the re-launch is theirs")
    func changedAfterRelaunch() {
        #expect(OpenBLASCoreChoice.decide(environment: [core: "Haswell", tried: "SkylakeX", found: "Prescott"], corename: "Haswell", cpu: avx512)
                == .proceed(message: nil))
    }

    @Test("the numerical check passes on the kernels OpenBLAS runs in this process")
    func productCheck() {
        #expect(OpenBLASProductCheck.passes(), "OpenBLAS \(OpenBLASCoreSelection.corename) computes wrong products")
    }

    /// Runs the benchmark executable built beside this test bundle with `extra` added to this process's environment
    /// (never removing or changing OPENBLAS_CORETYPE), and returns its standard error and output.
    func runGANBench(adding extra: [String: String]) throws -> (stderr: String, stdout: String)? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var executable = folder.appendingPathComponent("gan-bench")
        if !FileManager.default.isExecutableFile(atPath: executable.path) {
            // macOS: the test bundle is .build/debug/X.xctest/Contents/MacOS/X.
            executable = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("gan-bench")
        }
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--config", "mlp", "--steps", "1", "--warmup", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (String(decoding: err, as: UTF8.self), String(decoding: out, as: UTF8.self))
    }

    @Test("a real start of gan-bench: re-launched on the kernels the decision names, or left alone")
    func realRelaunch() throws {
        guard let run = try runGANBench(adding: [:]) else {
            print("gan-bench is not built beside the tests (swift build builds it); skipping the real re-launch")
            return
        }
        let here = OpenBLASCoreSelection.corename
        #if os(Linux) && arch(x86_64)
        let step = OpenBLASCoreChoice.decide(environment: ProcessInfo.processInfo.environment, corename: here,
                                             cpu: OpenBLASCoreSelection.cpuFeatures)
        #else
        let step = OpenBLASCoreStep.proceed(message: nil)   // selectAtStartup does nothing elsewhere
        #endif
        if case .relaunch(let next) = step, let chosen = next[core] {
            // This machine runs generic kernels and nobody chose: the benchmark runs on the chosen ones and says so once.
            #expect(run.stdout.contains("OpenBLAS kernels: \(chosen),"), "\(run.stdout)")
            #expect(run.stderr.components(separatedBy: "using its \(chosen) kernels instead").count == 2, "\(run.stderr)")
            // Opting out keeps the generic kernels, and says so.
            let kept = try #require(try runGANBench(adding: [keep: "1"]))
            #expect(kept.stdout.contains("OpenBLAS kernels: \(here),"), "\(kept.stdout)")
            #expect(kept.stderr.contains(keep), "\(kept.stderr)")
        } else {
            // Nothing to choose here, or the user chose: the benchmark runs what this process runs.
            #expect(run.stdout.contains("OpenBLAS kernels: \(here),"), "\(run.stdout)")
            if case .proceed(let message?) = step {
                #expect(run.stderr.contains(message), "\(run.stderr)")
            } else {
                #expect(!run.stderr.contains("OpenBLAS"), "\(run.stderr)")
            }
        }
    }
}
