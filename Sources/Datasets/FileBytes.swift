import Foundation

/// Reads whole dataset files, decompressing `.gz` in process.
enum FileBytes {
    /// The bytes of `url`, gunzipped when the file is gzip data.
    static func read(_ url: URL) throws -> [UInt8] {
        let raw: Data
        do {
            raw = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DatasetError(exists ? .unreadableFile : .fileNotFound, path: url.path,
                               expected: "a readable file", found: exists ? "\(error.localizedDescription)" : "no such file")
        }
        return try Gzip.decompressIfNeeded([UInt8](raw), path: url.path)
    }

    /// `name` or `name.gz` inside `folder`, whichever exists (the plain file first).
    static func existing(_ name: String, in folder: URL) -> URL? {
        for candidate in [name, name + ".gz"] {
            let url = folder.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }
}

extension [UInt8] {
    /// The big-endian 32-bit unsigned integer at `offset`.
    func bigEndianUInt32(at offset: Int) -> Int {
        Int(self[offset]) << 24 | Int(self[offset + 1]) << 16 | Int(self[offset + 2]) << 8 | Int(self[offset + 3])
    }
}
