/// A problem with a dataset file or its download, as a value the caller can show.
///
/// Every error names the file (or URL), what was expected and what was found, e.g.
/// `train-images-idx3-ubyte.gz: wrong magic number: expected 0x00000803 (IDX images), found 0x00000801`.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is, so tests and callers can react to it.
    public enum Kind: String, Sendable {
        case fileNotFound = "file not found"
        case unreadableFile = "cannot read file"
        case wrongMagicNumber = "wrong magic number"
        case truncatedFile = "truncated file"
        case sizeMismatch = "header and file size disagree"
        case countMismatch = "image and label counts disagree"
        case invalidLabel = "invalid label"
        case truncatedGzip = "gzip stream ends early"
        case corruptGzip = "corrupt gzip stream"
        case badRecordSize = "file size is not a whole number of records"
        case corruptArchive = "corrupt tar archive"
        case unsafeArchivePath = "archive entry would leave the target folder"
        case httpStatus = "HTTP error"
        case connectionFailed = "download failed"
        case incompleteDownload = "connection cut before the end of the file"
        case checksumMismatch = "checksum mismatch"
        case offline = "dataset not available offline"
        case notInDataDirectory = "the data directory does not hold the dataset"
    }

    public let kind: Kind
    /// The file path or URL the problem is about.
    public let path: String
    public let expected: String
    public let found: String
    /// Extra advice, e.g. which files to put in which folder.
    public let advice: String?

    public init(_ kind: Kind, path: String, expected: String, found: String, advice: String? = nil) {
        self.kind = kind
        self.path = path
        self.expected = expected
        self.found = found
        self.advice = advice
    }

    public var description: String {
        var text = "\(path): \(kind.rawValue): expected \(expected), found \(found)"
        if let advice { text += "\n" + advice }
        return text
    }
}
