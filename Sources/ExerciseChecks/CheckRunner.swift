import Foundation

/// Runs each exercise's check in a child process, so that a crash in the student's code (an index out
/// of range, `fatalError`, a stack overflow, an endless loop) fails only that exercise.
///
/// The child is the `exercises` executable started as `exercises --check-one N.k`: it runs the one check
/// with `Exercise.runHere()` and prints its outcome as one line starting with `CheckRunner.resultMarker`.
/// A child that dies on a signal, exits without that line or runs past `timeout` seconds is reported as
/// `.crashed`, with the reason and the student's line read from the Swift runtime's crash report.
public struct CheckRunner: Sendable {
    /// The `exercises` executable.
    public let executable: URL
    /// Seconds a check may run before it counts as an endless loop.
    public let timeout: Double

    public init(executable: URL, timeout: Double = CheckRunner.defaultTimeout) {
        self.executable = executable
        self.timeout = timeout
    }

    /// Generous for the slowest check in a debug build on a busy machine; an endless loop still ends.
    public static let defaultTimeout = 60.0

    /// Starts the line with which the child reports its outcome on standard output.
    public static let resultMarker = "EXERCISE-CHECK-RESULT "

    /// The `exercises` executable beside `binary` (the running test bundle or the executable itself), if built.
    public static func executable(besides binary: URL) -> URL? {
        let candidate = binary.deletingLastPathComponent().appendingPathComponent("exercises")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Runs `exercise`'s check in a child process and reads what happened.
    public func run(_ exercise: Exercise) -> ExerciseResult {
        let output = temporaryFile("stdout"), errors = temporaryFile("stderr")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--check-one", exercise.id]
        var environment = ProcessInfo.processInfo.environment
        // A short, plain crash report that names the crashing thread's frames with their source lines.
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,sanitize=no,limit=48,top=8"
        process.environment = environment
        do {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            return ExerciseResult(exercise: exercise, outcome: .crashed("could not start \(executable.path) to run the check: \(error)"))
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let seconds = timeout.rounded() == timeout ? String(Int(timeout)) : String(timeout)
            return ExerciseResult(exercise: exercise, outcome: .crashed("still running after \(seconds) s, so it was stopped (an endless loop?)"))
        }
        process.waitUntilExit()
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        if let line = printed.split(separator: "\n").last(where: { $0.hasPrefix(CheckRunner.resultMarker) }),
           let report = try? JSONDecoder().decode(ChildReport.self, from: Data(line.dropFirst(CheckRunner.resultMarker.count).utf8)) {
            return ExerciseResult(exercise: exercise, outcome: report.outcome)
        }
        let crashReport = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return ExerciseResult(exercise: exercise, outcome: .crashed(
            CrashDiagnosis(crashReport: crashReport, signal: signal, exitStatus: process.terminationStatus, exerciseFile: exercise.file).summary))
    }

    private func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("exercise-check-\(getpid())-\(UUID().uuidString)-\(name)")
    }
}

/// What the child prints after `CheckRunner.resultMarker`.
public struct ChildReport: Codable, Equatable {
    public var status: String
    public var message: String?

    public init(_ outcome: ExerciseResult.Outcome) {
        switch outcome {
        case .passed: status = "passed"
        case .notDone: status = "notDone"
        case .failed(let message): (status, self.message) = ("failed", message)
        case .crashed(let message): (status, self.message) = ("crashed", message)
        }
    }

    var outcome: ExerciseResult.Outcome {
        switch status {
        case "passed": .passed
        case "notDone": .notDone
        case "failed": .failed(message ?? "")
        default: .crashed(message ?? "the check reported '\(status)'")
        }
    }

    /// The line the child prints: the marker, then this report as JSON on one line.
    public var line: String {
        let json = (try? JSONEncoder().encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? #"{"status":"crashed"}"#
        return CheckRunner.resultMarker + json
    }
}

/// Reads a child's crash report (Swift's "Fatal error: …" line and backtrace) into one sentence:
/// "Index out of range at Exercises/Chapter01/NaiveMatmul.swift:13".
struct CrashDiagnosis {
    let crashReport: String
    /// The signal that ended the process, if one did.
    let signal: Int32?
    let exitStatus: Int32
    /// The file the student edits, looked for first among the backtrace's source locations.
    let exerciseFile: String

    var summary: String {
        [reason, location.map { "at \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// The runtime's own words ("Index out of range", the fatalError message), else what the signal means.
    var reason: String {
        let lines = crashReport.split(separator: "\n", omittingEmptySubsequences: true)
        if let line = lines.first(where: { $0.contains("Fatal error: ") }),
           let range = line.range(of: "Fatal error: ") {
            let message = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            return message.isEmpty ? "Fatal error" : message
        }
        if let line = lines.first(where: { $0.contains("Program crashed: ") }),
           let range = line.range(of: "Program crashed: ") {
            let message = String(line[range.upperBound...])
            let cause = message.components(separatedBy: " at 0x").first ?? message
            return signal == SIGSEGV || signal == SIGBUS ? "\(cause) (a stack overflow from endless recursion, or a bad pointer)" : cause
        }
        switch signal {
        case SIGSEGV?, SIGBUS?: return "a bad memory access (a stack overflow from endless recursion?)"
        case SIGILL?, SIGTRAP?: return "a runtime trap"
        case SIGABRT?: return "abort()"
        case SIGFPE?: return "an arithmetic error (division by zero?)"
        case let signal?: return "signal \(signal)"
        case nil: return "the check's process exited with status \(exitStatus) before reporting a result"
        }
    }

    /// `file:line` of the first backtrace frame in the exercise's file, else in any file under Exercises/ or Solutions/.
    var location: String? {
        let escaped = NSRegularExpression.escapedPattern(for: exerciseFile)
        for pattern in [escaped + #":(\d+)"#, #"((?:Exercises|Solutions)/[^\s:]+\.swift):(\d+)"#] {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: crashReport, range: NSRange(crashReport.startIndex..., in: crashReport)),
                  let range = Range(match.range, in: crashReport) else { continue }
            return String(crashReport[range])
        }
        return nil
    }
}
