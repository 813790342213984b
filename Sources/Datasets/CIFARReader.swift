import Foundation

/// Reads CIFAR-10's binary batches (`data_batch_1.bin` … `test_batch.bin`, plain or `.gz`)
/// and its class names (`batches.meta.txt`).
///
/// Each record is 3,073 bytes: one label byte, then the 1,024 red, 1,024 green and 1,024 blue
/// pixels of a 32×32 image, rows first — already the C×H×W layout a tensor wants.
public enum CIFARReader {
    public static let side = 32
    public static let pixelsPerImage = 3 * 32 * 32
    public static let recordSize = 1 + pixelsPerImage

    /// Parses one batch already in memory (decompressed). `path` names it in errors.
    public static func parseBatch(_ bytes: [UInt8], path: String) throws -> (pixels: [UInt8], labels: [Int]) {
        guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
            throw DatasetError(.badRecordSize, path: path,
                               expected: "a positive multiple of \(recordSize) bytes (1 label + 3,072 pixels per image)",
                               found: "\(bytes.count) bytes (\(bytes.count / recordSize) whole records and \(bytes.count % recordSize) bytes over)")
        }
        let count = bytes.count / recordSize
        var pixels = [UInt8](repeating: 0, count: count * pixelsPerImage)
        var labels = [Int](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                for i in 0..<count {
                    labels[i] = Int(source[i * recordSize])
                    (destination.baseAddress! + i * pixelsPerImage)
                        .update(from: source.baseAddress! + i * recordSize + 1, count: pixelsPerImage)
                }
            }
        }
        if let bad = labels.firstIndex(where: { $0 > 9 }) {
            throw DatasetError(.invalidLabel, path: path, expected: "label bytes 0...9",
                               found: "\(labels[bad]) in record \(bad)")
        }
        return (pixels, labels)
    }

    /// Reads one batch file, plain or gzip.
    public static func readBatch(at url: URL) throws -> (pixels: [UInt8], labels: [Int]) {
        try parseBatch(FileBytes.read(url), path: url.path)
    }

    /// The ten class names, one per non-empty line of `batches.meta.txt`.
    public static func parseClassNames(_ text: String, path: String) throws -> [String] {
        let names = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == 10 else {
            throw DatasetError(.sizeMismatch, path: path, expected: "10 class names, one per line", found: "\(names.count) names")
        }
        return names
    }

    /// Reads several batches into one dataset.
    public static func dataset(batches: [URL], classNames: [String], source: String) throws -> ImageDataset {
        var pixels = [UInt8](), labels = [Int]()
        for url in batches {
            let batch = try readBatch(at: url)
            pixels += batch.pixels
            labels += batch.labels
        }
        return ImageDataset(images: pixels, labels: labels, classNames: classNames,
                            channels: 3, height: side, width: side, source: source)
    }
}
