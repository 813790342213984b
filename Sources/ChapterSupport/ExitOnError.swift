import Foundation

/// Runs `body`; if it throws (a file that cannot be written, a data set that cannot be read), prints
/// the error to standard error and exits with status 1, instead of the crash an uncaught top-level error causes.
@discardableResult
public func exitOnError<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch {
        FileHandle.standardError.write(Data("\(CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "chapter"): error: \(error)\n".utf8))
        exit(1)
    }
}
