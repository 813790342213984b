import Foundation

/// The one folder a chapter writes into. It is created when opened, every file is written
/// atomically (a crash never leaves half a file), and `summary` lists what was written.
public final class OutputFolder {
    /// The folder's URL.
    public let url: URL
    /// Names of the files written so far, in order.
    public private(set) var filesWritten: [String] = []

    /// Opens `path` (relative paths are relative to the current directory), creating it and its parents.
    public init(path: String) throws {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError(path: url.path, message: "could not create the output folder: \(error.localizedDescription)")
        }
        NotebookMarker.folder.emit(url.path)
    }

    /// Writes `data` to `name` inside the folder, atomically, and returns the file's URL.
    @discardableResult
    public func write(_ data: Data, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        do {
            try data.write(to: file, options: .atomic)
        } catch {
            throw OutputFolderError(path: file.path, message: "could not write \(data.count) bytes: \(error.localizedDescription)")
        }
        record(name)
        return file
    }

    /// Writes `text` as UTF-8 to `name` inside the folder, atomically.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> URL {
        try write(Data(text.utf8), to: name)
    }

    /// The URL of `name` inside the folder, for writers of their own (e.g. a PNG encoder); call `record(_:)` after writing.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Adds a file written by someone else to `filesWritten`.
    public func record(_ name: String) {
        NotebookMarker.file.emit(name)
        if !filesWritten.contains(name) { filesWritten.append(name) }
    }

    /// "Wrote 2 files to /…/output/chapter-01:" and one line per file; chapters print it at the end.
    public var summary: String {
        guard !filesWritten.isEmpty else { return "No files written (output folder \(url.path))." }
        let noun = filesWritten.count == 1 ? "file" : "files"
        return (["Wrote \(filesWritten.count) \(noun) to \(url.path):"] + filesWritten.map { "  \($0)" }).joined(separator: "\n")
    }
}

/// A file or folder the chapter could not write, with its path and the reason.
public struct OutputFolderError: Error, CustomStringConvertible {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
