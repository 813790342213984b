import ChapterSupport
import Foundation

/// Runs a built chapter program with notebook markers switched on, shows the student what it prints
/// (markers removed) as it prints it, and keeps the full output for the page.
public enum ChapterProcess {
    public struct Result: Sendable {
        public let status: Int32
        /// Standard output, markers included.
        public let output: String
        public let seconds: Double
    }

    /// Runs `executable` with `arguments`. Each line it prints, unless it is a marker, goes to `echo`
    /// as soon as it is complete (by default, to standard output); standard error goes straight to the terminal.
    public static func run(_ executable: URL, arguments: [String],
                           echo: ((Data) -> Void)? = { FileHandle.standardOutput.write($0) }) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[NotebookMarker.environmentVariable] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        let start = ContinuousClock.now
        do {
            try process.run()
        } catch {
            throw NotebookError("could not start \(executable.path): \(error.localizedDescription)")
        }
        var output = Data(), pending = Data()
        let reader = pipe.fileHandleForReading
        while case let data = reader.availableData, !data.isEmpty {
            output.append(data)
            guard let echo else { continue }
            pending.append(data)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[pending.startIndex...newline])
                if line.first != 0x1E { echo(line) }
                pending = Data(pending[(newline + 1)...])
            }
        }
        if let echo, !pending.isEmpty, pending.first != 0x1E { echo(pending) }
        process.waitUntilExit()
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      seconds: Double(seconds) + Double(attoseconds) * 1e-18)
    }
}
