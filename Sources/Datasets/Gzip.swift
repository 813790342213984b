import CZlib

/// Reads gzip (`.gz`) data in process through zlib; never launches `gunzip`.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of gzip data, or `bytes` unchanged when they are not gzip.
    /// `path` names the source in errors.
    public static func decompressIfNeeded(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        isGzip(bytes) ? try decompress(bytes, path: path) : bytes
    }

    /// Inflates one or more concatenated gzip members (`inflateInit2` with windowBits 15 + 32).
    public static func decompress(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(initialCapacity(for: bytes))
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(.corruptGzip, path: path, expected: "zlib to start", found: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 18
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunkSize - Int(stream.avail_out))])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another gzip member may follow (as `cat a.gz b.gz` makes); trailing zeros are padding.
                    let rest = UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
                    guard rest.count >= 2, rest[0] == 0x1F, rest[1] == 0x8B else { return }
                    inflateReset(&stream)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError(.truncatedGzip, path: path,
                                       expected: "a complete gzip stream",
                                       found: "the data ends after \(bytes.count) compressed bytes (\(output.count) bytes decompressed)")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw DatasetError(.corruptGzip, path: path, expected: "valid gzip data",
                                       found: "\(message) after \(output.count) decompressed bytes")
                }
            }
        }
        return output
    }

    /// The size recorded in the gzip trailer (modulo 2³²), capped so that a corrupt trailer cannot ask for gigabytes.
    private static func initialCapacity(for bytes: [UInt8]) -> Int {
        guard bytes.count >= 18 else { return 0 }
        let n = bytes.count
        let recorded = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
        return min(recorded, bytes.count * 64 + (1 << 20))
    }
}
