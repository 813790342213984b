import Foundation

/// Reads the IDX files of MNIST and Fashion-MNIST (plain or `.gz`).
///
/// An image file is a big-endian header — magic `0x00000803`, image count, rows, columns —
/// followed by one byte per pixel. A label file is magic `0x00000801`, a count, then one byte per label.
public enum IDXReader {
    public static let imagesMagic = 0x0000_0803
    public static let labelsMagic = 0x0000_0801

    /// The images of an IDX image file: `count` grey images of `height`×`width`, row-major.
    public struct Images: Sendable {
        public let count: Int
        public let height: Int
        public let width: Int
        public let pixels: [UInt8]
    }

    /// Parses an IDX image file already in memory (decompressed). `path` names it in errors.
    public static func parseImages(_ bytes: [UInt8], path: String) throws -> Images {
        try checkHeader(bytes, magic: imagesMagic, headerSize: 16, what: "IDX images", path: path)
        let count = bytes.bigEndianUInt32(at: 4), height = bytes.bigEndianUInt32(at: 8), width = bytes.bigEndianUInt32(at: 12)
        let (pixelsPerImage, o1) = height.multipliedReportingOverflow(by: width)
        let (expected, o2) = count.multipliedReportingOverflow(by: pixelsPerImage)
        try checkPayload(bytes.count - 16, expected: o1 || o2 ? Int.max : expected,
                         header: "\(count) images of \(height)×\(width)", path: path)
        return Images(count: count, height: height, width: width, pixels: Array(bytes[16...]))
    }

    /// Parses an IDX label file already in memory (decompressed). `path` names it in errors.
    public static func parseLabels(_ bytes: [UInt8], path: String) throws -> [Int] {
        try checkHeader(bytes, magic: labelsMagic, headerSize: 8, what: "IDX labels", path: path)
        let count = bytes.bigEndianUInt32(at: 4)
        try checkPayload(bytes.count - 8, expected: count, header: "\(count) labels", path: path)
        return bytes[8...].map { Int($0) }
    }

    /// Reads an IDX image file, plain or gzip.
    public static func readImages(at url: URL) throws -> Images {
        try parseImages(FileBytes.read(url), path: url.path)
    }

    /// Reads an IDX label file, plain or gzip.
    public static func readLabels(at url: URL) throws -> [Int] {
        try parseLabels(FileBytes.read(url), path: url.path)
    }

    /// Reads a pair of image and label files into a dataset, checking that they agree.
    public static func dataset(images imagesURL: URL, labels labelsURL: URL,
                               classNames: [String], source: String) throws -> ImageDataset {
        let images = try readImages(at: imagesURL)
        let labels = try readLabels(at: labelsURL)
        guard images.count == labels.count else {
            throw DatasetError(.countMismatch, path: labelsURL.path,
                               expected: "\(images.count) labels, one per image in \(imagesURL.lastPathComponent)",
                               found: "\(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { $0 >= classNames.count }) {
            throw DatasetError(.invalidLabel, path: labelsURL.path, expected: "labels 0...\(classNames.count - 1)",
                               found: "label \(labels[bad]) at index \(bad)")
        }
        return ImageDataset(images: images.pixels, labels: labels, classNames: classNames,
                            channels: 1, height: images.height, width: images.width, source: source)
    }

    private static func checkHeader(_ bytes: [UInt8], magic: Int, headerSize: Int, what: String, path: String) throws {
        guard bytes.count >= 4 else {
            throw DatasetError(.truncatedFile, path: path, expected: "a \(headerSize)-byte \(what) header",
                               found: "\(bytes.count) bytes")
        }
        let found = bytes.bigEndianUInt32(at: 0)
        guard found == magic else {
            throw DatasetError(.wrongMagicNumber, path: path, expected: "\(hex(magic)) (\(what))",
                               found: hex(found) + (found == imagesMagic ? " (IDX images)" : found == labelsMagic ? " (IDX labels)" : ""))
        }
        guard bytes.count >= headerSize else {
            throw DatasetError(.truncatedFile, path: path, expected: "a \(headerSize)-byte \(what) header",
                               found: "\(bytes.count) bytes")
        }
    }

    private static func checkPayload(_ payload: Int, expected: Int, header: String, path: String) throws {
        if payload < expected {
            throw DatasetError(.truncatedFile, path: path, expected: "\(expected) data bytes (the header says \(header))",
                               found: "\(payload) bytes")
        }
        if payload > expected {
            throw DatasetError(.sizeMismatch, path: path, expected: "\(expected) data bytes (the header says \(header))",
                               found: "\(payload) bytes")
        }
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
