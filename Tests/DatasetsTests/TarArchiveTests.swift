import Datasets
import Foundation
import TestFolders
import Testing

@Suite struct TarArchiveTests {
    @Test func extractsFilesFoldersAndInsideLinks() throws {
        let folder = try makeTestFolder("datasets-tests")
        let written = try TarArchive.extract(archive: fixture("tar/good.tar"), into: folder)
        #expect(Set(written.map(\.lastPathComponent)) == ["hello.txt", "top.bin"])
        #expect(try String(contentsOf: folder.appendingPathComponent("data/link.txt"), encoding: .utf8) == "hello\n")
        let top = try Data(contentsOf: folder.appendingPathComponent("top.bin"))
        #expect(top.count == 768 && top[300] == 44)
    }

    @Test(arguments: ["absolute.tar", "dotdot.tar", "symlink-out.tar", "symlink-absolute.tar"])
    func refusesEntriesThatLeaveTheFolder(archive: String) throws {
        let folder = try makeTestFolder("datasets-tests")
        let error = datasetError { try TarArchive.extract(archive: fixture("tar/" + archive), into: folder) }
        #expect(error?.kind == .unsafeArchivePath)
        #expect(error?.path.hasSuffix(archive) == true)
        // Nothing is written when any entry is unsafe: headers are all checked first.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/gan-course-escape.txt"))
    }

    @Test func truncatedArchiveIsReported() throws {
        let bytes = [UInt8](try Data(contentsOf: fixture("tar/good.tar")))
        let error = datasetError { try TarArchive.extract(Array(bytes.prefix(1600)), archivePath: "cut.tar", into: try makeTestFolder("datasets-tests")) }
        #expect(error?.kind == .truncatedFile)
    }

    @Test func damagedHeaderFailsItsChecksum() throws {
        var bytes = [UInt8](try Data(contentsOf: fixture("tar/good.tar")))
        bytes[10] ^= 0x20
        let error = datasetError { try TarArchive.extract(bytes, archivePath: "damaged.tar", into: try makeTestFolder("datasets-tests")) }
        #expect(error?.kind == .corruptArchive)
    }
}
