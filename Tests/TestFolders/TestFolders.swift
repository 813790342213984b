import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parent of every folder the tests make: one per test process, removed when the process exits, so that
/// `swift test` leaves nothing behind in the temporary directory.
private let testFolderRoot: URL = {
    atexit { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("gan-course-tests-\(getpid())")) }
    return FileManager.default.temporaryDirectory.appendingPathComponent("gan-course-tests-\(getpid())", isDirectory: true)
}()

/// A fresh empty folder for one test, named `prefix-<UUID>`, removed with all the others when the test process exits.
public func makeTestFolder(_ prefix: String) throws -> URL {
    let url = testFolderRoot.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
