import Foundation

/// Downloads dataset files: several mirrors per file, HTTP status check, progress on standard error,
/// SHA-256 verification, and a rename into place only once the file is complete and verified.
public struct DatasetDownloader: Sendable {
    /// Seconds without data before a request is abandoned.
    public var timeout: TimeInterval
    /// Receives progress reports; by default a bar on standard error.
    public var onProgress: @Sendable (DownloadProgress) -> Void

    public init(timeout: TimeInterval = 60,
                onProgress: @escaping @Sendable (DownloadProgress) -> Void = ProgressBar().report) {
        self.timeout = timeout
        self.onProgress = onProgress
    }

    /// Downloads every file of `dataset` (by default its `remoteFiles`) into `folder`; files already there and verified are kept.
    @discardableResult
    public func download(_ dataset: DatasetName, into folder: URL, files: [RemoteFile]? = nil) throws -> [URL] {
        try (files ?? dataset.remoteFiles).map { try download($0, into: folder, dataset: dataset) }
    }

    /// Downloads `file` into `folder` and returns its final location.
    ///
    /// Each mirror is tried in turn. A partial or corrupt download is deleted, never left under
    /// the final name. When every mirror fails, the error lists what went wrong and how to
    /// place the file by hand.
    @discardableResult
    public func download(_ file: RemoteFile, into folder: URL, dataset: DatasetName? = nil) throws -> URL {
        let fileManager = FileManager.default
        let destination = folder.appendingPathComponent(file.name)
        if fileManager.fileExists(atPath: destination.path), try Checksum.sha256(ofFileAt: destination) == file.sha256 {
            return destination
        }
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(file.name).\(UUID().uuidString).partial")
        defer { try? fileManager.removeItem(at: partial) }
        var failures: [DatasetError] = []
        for mirror in file.mirrors {
            do {
                try HTTPFileFetch.fetch(mirror, to: partial, name: file.name, timeout: timeout, onProgress: onProgress)
                let digest = try Checksum.sha256(ofFileAt: partial)
                guard digest == file.sha256 else {
                    throw DatasetError(.checksumMismatch, path: mirror.absoluteString,
                                       expected: "SHA-256 \(file.sha256)", found: "SHA-256 \(digest)")
                }
                try? fileManager.removeItem(at: destination)
                try fileManager.moveItem(at: partial, to: destination)
                return destination
            } catch let error as DatasetError {
                failures.append(error)
            }
        }
        let offline = failures.allSatisfy { $0.kind == .connectionFailed }
        throw DatasetError(offline ? .offline : failures.last?.kind ?? .offline, path: file.name,
                           expected: "a verified download from one of \(file.mirrors.count) mirror(s)",
                           found: failures.map { "\n  - \($0.path): \($0.kind.rawValue): expected \($0.expected), found \($0.found)" }.joined(),
                           advice: Self.manualAdvice(files: [file], folder: folder, dataset: dataset))
    }

    /// Tells which files to fetch by hand and where to put them.
    public static func manualAdvice(files: [RemoteFile], folder: URL, dataset: DatasetName?) -> String {
        var text = "To install \(dataset?.displayName ?? "the data") by hand, put these files in \(folder.path)/"
        text += " (or in a folder given with --data-dir, or named by GAN_DATA_DIR):"
        for file in files {
            text += "\n  \(file.name)  from \(file.mirrors.first?.absoluteString ?? "?")  (SHA-256 \(file.sha256))"
        }
        return text
    }
}
