import Foundation

/// The one folder a chapter run writes into: one run per folder.
///
/// Opening it starts a fresh run there:
/// - the folder is created if needed, and a test file is written to prove it can be written;
/// - the files the previous run wrote there are removed (a hidden list, `.chapter-run-files`, names
///   them), as are temporary files a crash or Ctrl-C left behind (`.name.….partial`, `.name.….tmp`);
/// - a folder holding files no chapter run wrote is refused with an error, and nothing is deleted:
///   the course never deletes what it did not write.
///
/// Every name handed out by `file(_:)` or written by `write(_:to:)` goes on the list before the file
/// is written, so even an interrupted run is cleared by the next one. Files are written atomically
/// (a crash never leaves half a file); `summary` names the folder and what this run wrote.
public final class OutputFolder {
    /// The folder's URL.
    public let url: URL
    /// Names of the files written so far, in order.
    public private(set) var filesWritten: [String] = []
    /// Names of the previous run's files that were removed when the folder was opened.
    public let previousRunFilesRemoved: [String]
    /// Every name this run has claimed: written, about to be written, or kept from the previous run.
    private var claimed: [String] = []

    /// The hidden list of the files a run wrote, read by the next run into the same folder.
    public static let manifestName = ".chapter-run-files"

    /// Opens `path` (relative paths are relative to the current directory) for a new run, as described above.
    /// `keeping` names files of the previous run that this run continues (e.g. the checkpoint it resumes from):
    /// they stay, and count as this run's.
    public init(path: String, keeping kept: [String] = [], option: String = "--output") throws {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        try Self.makeWritableFolder(path: path, option: option, keepingWhatItCreates: true)
        let previous = try Self.previousRunFiles(in: url, option: option)
        var removed: [String] = []
        for name in previous where !kept.contains(name) {
            let file = url.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do { try FileManager.default.removeItem(at: file) } catch {
                throw RunSetupError(option: option, value: url.path, expected: "to remove the previous run's file \(name)",
                                    found: "that \(plainWords(for: error))")
            }
            removed.append(name)
        }
        Self.removeEmptySubfolders(of: previous, in: url)
        Self.removeStaleTemporaryFiles(in: url)
        previousRunFilesRemoved = removed
        InterruptCleanup.watch(url)
        for name in kept where previous.contains(name) { record(name) }
        try saveManifest()
        NotebookMarker.folder.emit(url.path)
    }

    /// Checks, without changing anything, that `path` is (or can be made) a folder this user can write to. A folder
    /// it has to create for the test is removed again, so that a run stopped by a later check leaves no empty folder
    /// behind. Throws a `RunSetupError` in plain words naming `option` and the path.
    public static func checkWritable(path: String, option: String = "--output") throws {
        try makeWritableFolder(path: path, option: option, keepingWhatItCreates: false)
    }

    /// `checkWritable`'s test; with `keepingWhatItCreates`, a missing folder is created and stays.
    private static func makeWritableFolder(path: String, option: String, keepingWhatItCreates: Bool) throws {
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        func problem(_ found: String, _ advice: String? = nil) -> RunSetupError {
            RunSetupError(option: option, value: url.path, expected: "a folder you can write to", found: found,
                          advice: advice ?? "Choose another folder with \(option).")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw problem("a file, not a folder")
        }
        // The folders on the path that do not exist yet, deepest first.
        var missing: [URL] = []
        var folder = url
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.path) {
            missing.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        var ready = false
        defer {
            // rmdir removes only empty folders: nothing that appeared in them meanwhile is lost.
            if !(keepingWhatItCreates && ready) { for created in missing { rmdir(created.path) } }
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw problem("that it cannot be created: \(plainWords(for: error))")
        }
        let probe = url.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)").path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw problem("that no file can be written in it: \(plainWords(forErrno: errno))") }
        close(descriptor)
        unlink(probe)
        ready = true
    }

    /// Writes `data` to `name` inside the folder, atomically, and returns the file's URL.
    @discardableResult
    public func write(_ data: Data, to name: String) throws -> URL {
        let file = self.file(name)
        do {
            try data.write(to: file, options: .atomic)
        } catch {
            throw OutputFolderError(path: file.path, message: "could not write \(data.count) bytes: \(plainWords(for: error))")
        }
        record(name)
        return file
    }

    /// Writes `text` as UTF-8 to `name` inside the folder, atomically.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> URL {
        try write(Data(text.utf8), to: name)
    }

    /// The URL of `name` inside the folder (`samples/epoch-001.png` creates `samples/`), for writers of their own,
    /// e.g. a PNG encoder. The name goes on the run's list now; call `record(_:)` once the file is written.
    public func file(_ name: String) -> URL {
        let file = url.appendingPathComponent(name)
        if name.contains("/") {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        claim(name)
        return file
    }

    /// The name of `file` relative to the folder (`samples/a.png`), or `nil` when it lies outside the folder.
    public func name(of file: URL) -> String? {
        let path = file.standardizedFileURL.path
        return path.hasPrefix(url.path + "/") ? String(path.dropFirst(url.path.count + 1)) : nil
    }

    /// Adds a written file to `filesWritten` (and to the run's list).
    public func record(_ name: String) {
        claim(name)
        NotebookMarker.file.emit(name)
        if !filesWritten.contains(name) { filesWritten.append(name) }
    }

    /// "This run wrote 2 files to /…/output/chapter-01:" and one line per file; chapters print it at the end.
    public var summary: String {
        var lines: [String] = []
        if filesWritten.isEmpty {
            lines.append("This run wrote no files (output folder \(url.path)).")
        } else {
            let noun = filesWritten.count == 1 ? "file" : "files"
            lines.append("This run wrote \(filesWritten.count) \(noun) to \(url.path):")
            lines += filesWritten.map { "  \($0)" }
        }
        if !previousRunFilesRemoved.isEmpty {
            lines.append("(The \(previousRunFilesRemoved.count) files an earlier run had left there were removed first: one run per folder.)")
        }
        return lines.joined(separator: "\n")
    }

    private func claim(_ name: String) {
        guard !claimed.contains(name) else { return }
        claimed.append(name)
        try? saveManifest()
    }

    /// Writes the list of claimed names (via a temporary file and a rename, so it is never half written).
    private func saveManifest() throws {
        let text = "# Files written by one chapter run; the next run into this folder removes them.\n"
            + claimed.map { $0 + "\n" }.joined()
        let manifest = url.appendingPathComponent(Self.manifestName)
        let temporary = url.appendingPathComponent(Self.manifestName + ".tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, manifest.path) == 0 else {
            throw OutputFolderError(path: manifest.path, message: "could not save the run's file list: \(plainWords(forErrno: errno))")
        }
    }

    /// The files the previous run listed; throws if the folder holds visible files that no run listed.
    private static func previousRunFiles(in url: URL, option: String) throws -> [String] {
        let manifest = url.appendingPathComponent(manifestName)
        let listed = ((try? String(contentsOf: manifest, encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty && !$0.contains("..") }
        let topLevel = Set(listed.map { String($0.split(separator: "/").first ?? "") })
        let visible = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }
        let foreign = visible.filter { !topLevel.contains($0) }.sorted()
        let foreignInside = topLevel.filter { visible.contains($0) && isFolder(url.appendingPathComponent($0)) }
            .flatMap { folder in
                (FileManager.default.subpaths(atPath: url.appendingPathComponent(folder).path) ?? [])
                    .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .map { "\(folder)/\($0)" }
                    .filter { !listed.contains($0) && !isFolder(url.appendingPathComponent($0)) }
            }.sorted()
        let strangers = foreign + foreignInside
        guard strangers.isEmpty else {
            throw RunSetupError(option: option, value: url.path,
                                expected: "a new or empty folder, or one an earlier chapter run wrote",
                                found: "\(strangers.count) file\(strangers.count == 1 ? "" : "s") no chapter run wrote there: "
                                    + strangers.prefix(5).joined(separator: ", ") + (strangers.count > 5 ? ", …" : ""),
                                advice: "Each run gets a folder to itself, and the course never deletes files it did not write: "
                                    + "choose another folder with \(option), or move those files away. Nothing was changed.")
        }
        return listed
    }

    /// Removes the now empty sub-folders that held listed files (deepest first).
    private static func removeEmptySubfolders(of names: [String], in url: URL) {
        let folders = Set(names.flatMap { name -> [String] in
            let parts = name.split(separator: "/").dropLast()
            return parts.indices.map { parts[...$0].joined(separator: "/") }
        })
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            let path = url.appendingPathComponent(folder).path
            if (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// Removes the hidden temporary files an interrupted atomic write leaves (`.name.….partial`, `.name.….tmp`).
    static func removeStaleTemporaryFiles(in url: URL) {
        for path in FileManager.default.subpaths(atPath: url.path) ?? [] {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".partial") || name.hasSuffix(".tmp") {
                try? FileManager.default.removeItem(at: url.appendingPathComponent(path))
            }
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }
}

/// A file or folder the chapter could not write, with its path and the reason in plain words.
public struct OutputFolderError: Error, CustomStringConvertible {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
