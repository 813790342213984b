import Datasets
import Foundation
import LocalHTTPServer
import TestFolders
import Testing
import TensorCore

/// The downloader against a local server on 127.0.0.1; these tests never touch the internet.
@Suite(.serialized) struct DownloaderTests {
    let body: [UInt8] = {
        var generator = SeededGenerator(seed: 9)
        return (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }()

    /// Collects progress reports from the delegate queue.
    final class ProgressLog: @unchecked Sendable {
        private let lock = NSLock()
        private var reports: [DownloadProgress] = []
        func record(_ progress: DownloadProgress) { lock.withLock { reports.append(progress) } }
        var all: [DownloadProgress] { lock.withLock { reports } }
    }

    func downloader(_ log: ProgressLog = ProgressLog()) -> DatasetDownloader {
        DatasetDownloader(timeout: 10, onProgress: { log.record($0) })
    }

    func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
    }

    @Test func downloadsVerifiesAndReportsProgress() throws {
        let server = try LocalHTTPServer(routes: ["/data.bin": .init(body: body)])
        defer { server.stop() }
        let folder = try makeTestFolder("datasets-tests"), log = ProgressLog()
        let file = RemoteFile(name: "data.bin", mirrors: [server.url("/data.bin")], sha256: Checksum.sha256(body))
        let saved = try downloader(log).download(file, into: folder)
        #expect(saved == folder.appendingPathComponent("data.bin"))
        #expect([UInt8](try Data(contentsOf: saved)) == body)
        #expect(try leftovers(in: folder) == ["data.bin"])
        let last = try #require(log.all.last)
        #expect(last.finished && last.receivedBytes == 200_000 && last.totalBytes == 200_000)
        #expect(log.all.count >= 2)   // at least one report before the end
    }

    @Test func notFoundOnTheFirstMirrorFallsBackToTheSecond() throws {
        let server = try LocalHTTPServer(routes: ["/good/data.bin": .init(body: body)])
        defer { server.stop() }
        let folder = try makeTestFolder("datasets-tests")
        let file = RemoteFile(name: "data.bin", mirrors: [server.url("/missing/data.bin"), server.url("/good/data.bin")],
                              sha256: Checksum.sha256(body))
        let saved = try downloader().download(file, into: folder)
        #expect([UInt8](try Data(contentsOf: saved)) == body)
        #expect(server.requests == ["/missing/data.bin", "/good/data.bin"])
    }

    @Test func wrongChecksumKeepsNoFile() throws {
        let server = try LocalHTTPServer(routes: ["/data.bin": .init(body: body)])
        defer { server.stop() }
        let folder = try makeTestFolder("datasets-tests")
        let file = RemoteFile(name: "data.bin", mirrors: [server.url("/data.bin")], sha256: String(repeating: "0", count: 64))
        let error = datasetError { try downloader().download(file, into: folder) }
        #expect(error?.kind == .checksumMismatch)
        #expect(error?.description.contains(Checksum.sha256(body)) == true)
        #expect(try leftovers(in: folder).isEmpty)
    }

    @Test func connectionCutHalfwayKeepsNoFile() throws {
        let server = try LocalHTTPServer(routes: ["/data.bin": .init(body: body, cutAfter: 100_000)])
        defer { server.stop() }
        let folder = try makeTestFolder("datasets-tests")
        let file = RemoteFile(name: "data.bin", mirrors: [server.url("/data.bin")], sha256: Checksum.sha256(body))
        let error = datasetError { try downloader().download(file, into: folder) }
        #expect(error?.kind == .incompleteDownload)
        #expect(error?.description.contains("expected 200000 bytes, found 100000 bytes") == true)
        #expect(try leftovers(in: folder).isEmpty)
    }

    @Test func unreachableMirrorsGiveAnOfflineErrorThatSaysWhereToPutTheFile() throws {
        let server = try LocalHTTPServer(routes: [:])
        let deadURL = server.url("/data.bin")
        server.stop()   // nothing listens on that port any more
        let folder = try makeTestFolder("datasets-tests")
        let file = RemoteFile(name: "train-images-idx3-ubyte.gz", mirrors: [deadURL], sha256: Checksum.sha256(body))
        let error = datasetError { try downloader().download(file, into: folder, dataset: .mnist) }
        #expect(error?.kind == .offline)
        #expect(error?.advice?.contains("put these files in \(folder.path)/") == true)
        #expect(error?.advice?.contains("train-images-idx3-ubyte.gz") == true)
        #expect(try leftovers(in: folder).isEmpty)
    }

    @Test func verifiedFileAlreadyThereIsNotFetchedAgain() throws {
        let server = try LocalHTTPServer(routes: ["/data.bin": .init(body: body)])
        defer { server.stop() }
        let folder = try makeTestFolder("datasets-tests")
        try Data(body).write(to: folder.appendingPathComponent("data.bin"))
        let file = RemoteFile(name: "data.bin", mirrors: [server.url("/data.bin")], sha256: Checksum.sha256(body))
        try downloader().download(file, into: folder)
        #expect(server.requests.isEmpty)
    }

    @Test func everyDatasetHasMirrorsAndAPublishedChecksum() {
        for dataset in DatasetName.allCases {
            for file in dataset.remoteFiles {
                #expect(file.sha256.count == 64 && file.sha256.allSatisfy(\.isHexDigit))
                #expect(file.mirrors.allSatisfy { $0.lastPathComponent == file.name })
            }
        }
        #expect(DatasetName.mnist.remoteFiles.allSatisfy { $0.mirrors.count == 2 })
        #expect(DatasetName.fashionMNIST.remoteFiles.allSatisfy { $0.mirrors.count == 2 })
    }
}
