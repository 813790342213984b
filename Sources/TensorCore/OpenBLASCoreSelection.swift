import CCPUID
import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries out `OpenBLASCoreChoice` at a program's start: call `selectAtStartup()` first thing, before any output.
public enum OpenBLASCoreSelection {
    /// The kernel family OpenBLAS runs, as `openblas_get_corename()` reports it (e.g. "Haswell", "Prescott").
    public static var corename: String { String(cString: openblas_get_corename()) }

    /// What this processor can run.
    public static var cpuFeatures: CPUVectorFeatures {
        let bits = ccpuid_vector_features()
        return CPUVectorFeatures(avx2: bits & 1 != 0, avx512: bits & 2 != 0)
    }

    /// The processor's name as it reports it, e.g. "Intel(R) Xeon(R) Processor"; "" where it does not.
    public static var processorName: String {
        var buffer = [CChar](repeating: 0, count: 49)
        ccpuid_brand_string(&buffer)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " ")
    }

    /// On Linux on x86-64: if OpenBLAS fell back to its generic kernels on a processor with AVX2 and nobody set
    /// `OPENBLAS_CORETYPE`, starts the program again on kernels made for the processor, checks them once against a
    /// reference product, and prints one line to standard error saying what it chose. Elsewhere it does nothing.
    public static func selectAtStartup() {
        #if os(Linux) && arch(x86_64)
        var step = OpenBLASCoreChoice.decide(environment: currentEnvironment(), corename: corename, cpu: cpuFeatures)
        while true {
            switch step {
            case .check(let ifPassed, let ifFailed):
                step = OpenBLASProductCheck.passes() ? ifPassed : ifFailed
            case .relaunch(let environment):
                relaunch(with: environment)
                // Only reached if the program could not be started again.
                step = .proceed(message: "could not start again with \(OpenBLASCoreChoice.coreTypeVariable)="
                                + "\(environment[OpenBLASCoreChoice.coreTypeVariable] ?? "unset") (\(String(cString: strerror(errno)))); "
                                + "OpenBLAS runs its \(corename) kernels.")
            case .proceed(let message):
                unsetenv(OpenBLASCoreChoice.triedVariable)
                unsetenv(OpenBLASCoreChoice.foundVariable)
                if var line = message.map({ "\(programName): \($0)\n" }) {
                    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
                }
                return
            }
        }
        #endif
    }

    #if os(Linux) && arch(x86_64)
    private static var programName: String {
        CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "program"
    }

    private static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Replaces this process by a new run of the same executable with the same arguments and `environment`.
    /// Returns only if that fails.
    private static func relaunch(with environment: [String: String]) {
        fflush(nil)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        let variables = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve("/proc/self/exe", arguments, variables)
        arguments.forEach { free($0) }
        variables.forEach { free($0) }
    }
    #endif
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
