import Foundation

/// Writes whole files so that a reader never sees half of one.
///
/// The bytes go to a temporary file in the destination's folder, which is then renamed over the
/// destination. A crash mid-write leaves the old file (or none), never a truncated image.
enum AtomicFile {
    /// Writes `bytes` to `url` atomically, throwing `FigureError.cannotWrite` naming the path.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw FigureError.cannotWrite(path: path, reason: "the folder \(folder) does not exist")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
            .path
        guard let file = fopen(temporary, "wb") else {
            throw FigureError.cannotWrite(path: path, reason: "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0
        let closed = fclose(file) == 0
        guard written == bytes.count, flushed, closed else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FigureError.cannotWrite(path: path, reason: "wrote \(written) of \(bytes.count) bytes: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FigureError.cannotWrite(path: path, reason: "cannot rename the temporary file into place: \(reason)")
        }
    }

    /// Reads the whole file at `url`, throwing `FigureError.cannotRead` naming the path.
    static func read(_ url: URL) throws -> [UInt8] {
        guard let file = fopen(url.path, "rb") else {
            throw FigureError.cannotRead(path: url.path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<n])
            if n < chunk.count { break }
        }
        if ferror(file) != 0 {
            throw FigureError.cannotRead(path: url.path, reason: String(cString: strerror(errno)))
        }
        return bytes
    }
}
