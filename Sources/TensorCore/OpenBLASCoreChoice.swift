// Which OpenBLAS kernels to run on: the decision, as a pure function of the environment, the kernels
// OpenBLAS chose, and what the processor can run. `OpenBLASCoreSelection` carries it out at start-up.
//
// Debian's OpenBLAS 0.3.21 does not know processors newer than itself and falls back to its generic SSE3
// "Prescott" kernels on them, 3–4× slower than the AVX2 kernels the processor can run. OpenBLAS reads
// `OPENBLAS_CORETYPE` once, when it is loaded, so a better choice means starting the program again with
// that variable set. A value the user or the system has set is never changed.

/// The vector instructions a processor can run (checked with `cpuid`, including the operating system's support).
public struct CPUVectorFeatures: Equatable, Sendable {
    /// AVX2 and FMA: OpenBLAS's Haswell kernels run.
    public var avx2: Bool
    /// AVX-512 F, CD, BW, DQ and VL: OpenBLAS's SkylakeX kernels run.
    public var avx512: Bool

    public init(avx2: Bool, avx512: Bool) {
        self.avx2 = avx2
        self.avx512 = avx512
    }
}

/// What to do at start-up about OpenBLAS's kernels.
public indirect enum OpenBLASCoreStep: Equatable, Sendable {
    /// Go on, printing `message` first if there is one.
    case proceed(message: String?)
    /// Start this program again, same arguments, with exactly this environment.
    case relaunch(environment: [String: String])
    /// Compare OpenBLAS's products with a reference once, then do `ifPassed` or `ifFailed`.
    case check(ifPassed: OpenBLASCoreStep, ifFailed: OpenBLASCoreStep)
}

public enum OpenBLASCoreChoice {
    /// OpenBLAS's own variable: which kernels to use. Only ever set here when it was not set before.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set to anything but "" or "0" to keep the kernels OpenBLAS chose.
    public static let keepVariable = "GAN_COURSE_KEEP_OPENBLAS_CORE"
    /// Set by a re-launch: the kernels tried so far, comma-separated, the one being tried last.
    public static let triedVariable = "GAN_COURSE_OPENBLAS_TRIED"
    /// Set by a re-launch: the generic kernels OpenBLAS chose on its own.
    public static let foundVariable = "GAN_COURSE_OPENBLAS_FOUND"

    /// OpenBLAS's x86 kernel families that use no AVX2: on a processor with AVX2 they mean OpenBLAS did not know it.
    static let preAVX2Cores: Set<String> = [
        "katmai", "coppermine", "northwood", "prescott", "banias", "core2", "penryn", "dunnington", "nehalem",
        "atom", "sandybridge", "athlon", "opteron", "opteron(sse3)", "barcelona", "bobcat", "bulldozer", "piledriver",
    ]

    /// Whether `corename` (from `openblas_get_corename()`) is a kernel family without AVX2.
    public static func isPreAVX2(_ corename: String) -> Bool { preAVX2Cores.contains(corename.lowercased()) }

    /// The kernel families worth trying on `cpu`, best first.
    public static func candidates(for cpu: CPUVectorFeatures) -> [String] {
        cpu.avx512 ? ["SkylakeX", "Haswell"] : cpu.avx2 ? ["Haswell"] : []
    }

    /// The step to take, given the process's `environment`, the kernels OpenBLAS runs (`corename`) and the processor.
    public static func decide(environment: [String: String], corename: String, cpu: CPUVectorFeatures) -> OpenBLASCoreStep {
        let tried = (environment[triedVariable] ?? "").split(separator: ",").map(String.init)
        let coreType = environment[coreTypeVariable]
        guard let current = tried.last else {
            // A first start.
            if coreType != nil { return .proceed(message: nil) }             // the user's or the system's choice
            guard isPreAVX2(corename), let best = candidates(for: cpu).first else { return .proceed(message: nil) }
            if let keep = environment[keepVariable], keep != "", keep != "0" {
                return .proceed(message: "OpenBLAS runs its generic \(corename) kernels on this AVX2 processor, as \(keepVariable) asks: "
                                + "matrix products take about 3-4x as long as with its \(best) kernels.")
            }
            var next = environment
            next[coreTypeVariable] = best
            next[triedVariable] = best
            next[foundVariable] = corename
            return .relaunch(environment: next)
        }
        let found = environment[foundVariable] ?? "generic"
        guard let coreType else {
            // Every candidate failed: the last re-launch went back to OpenBLAS's own choice.
            return .proceed(message: "OpenBLAS's \(tried.joined(separator: " and ")) kernels did not pass the start-up check on this processor, "
                            + "so it runs its generic \(corename) kernels: matrix products take about 3-4x as long.")
        }
        guard coreType == current else { return .proceed(message: nil) }    // changed since the re-launch: not ours
        var next = environment
        if let fallback = candidates(for: cpu).first(where: { !tried.contains($0) }) {
            next[coreTypeVariable] = fallback
            next[triedVariable] = (tried + [fallback]).joined(separator: ",")
        } else {
            next[coreTypeVariable] = nil
        }
        let ifFailed = OpenBLASCoreStep.relaunch(environment: next)
        // OpenBLAS ignores a name it does not know (or a build without run-time kernel choice does).
        guard corename.lowercased() == current.lowercased() else { return ifFailed }
        let message = "OpenBLAS chose its generic \(found) kernels for this processor; using its \(current) kernels instead "
            + "(checked against a reference product). To keep \(found): \(keepVariable)=1; to choose yourself: set \(coreTypeVariable)."
        return .check(ifPassed: .proceed(message: message), ifFailed: ifFailed)
    }
}
