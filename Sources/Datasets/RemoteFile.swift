import Foundation

/// A file to download: its name, the places it can come from, and its known checksum.
public struct RemoteFile: Sendable, Equatable {
    /// The file name, kept when it is saved.
    public let name: String
    /// Full URLs of the same file, tried in order.
    public let mirrors: [URL]
    /// The expected SHA-256 of the file, lowercase hex.
    public let sha256: String
    /// The expected size in bytes, when known.
    public let byteCount: Int?

    public init(name: String, mirrors: [URL], sha256: String, byteCount: Int? = nil) {
        self.name = name
        self.mirrors = mirrors
        self.sha256 = sha256.lowercased()
        self.byteCount = byteCount
    }

    /// `name` fetched from each base URL in `baseURLs`.
    init(_ name: String, _ baseURLs: [String], byteCount: Int, sha256: String) {
        self.init(name: name, mirrors: baseURLs.map { URL(string: $0 + name)! }, sha256: sha256, byteCount: byteCount)
    }
}
