import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes `bytes` to `url` so that readers see either the old file or the complete new one:
/// the bytes go to a temporary file in the same folder, are flushed to disk (`fsync`), and the
/// temporary file is then renamed over the target (an atomic step on POSIX file systems).
/// On any failure the temporary file is removed and the old file is left as it was.
///
/// `beforeRename` runs after the temporary file is complete; tests use it to simulate a crash.
func writeAtomically(_ bytes: [UInt8], to url: URL, beforeRename: () throws -> Void = {}) throws {
    let target = url.path
    let folder = url.deletingLastPathComponent().path
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial").path
    func failure(_ what: String) -> SafetensorsError {
        .unwritable(file: target, reason: "\(what): \(String(cString: strerror(errno)))")
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(folder)") }
    var renamed = false
    defer { if !renamed { unlink(temporary) } }
    do {
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw failure("wrote \(written) of \(bytes.count) bytes") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw failure("fsync failed") }
    }
    try beforeRename()
    guard rename(temporary, target) == 0 else { throw failure("cannot rename the temporary file over it") }
    renamed = true
    // Make the rename itself durable; a failure here does not undo the complete, renamed file.
    let folderDescriptor = open(folder, O_RDONLY)
    if folderDescriptor >= 0 {
        fsync(folderDescriptor)
        close(folderDescriptor)
    }
}
