import Datasets
import Foundation
import Testing

@Suite struct GzipTests {
    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixture(path))) }

    @Test func inflatesToTheOriginalBytes() throws {
        let expected = try bytes("gzip/payload.bin")
        #expect(try Gzip.decompress(bytes("gzip/payload.bin.gz"), path: "payload.bin.gz") == expected)
        #expect(try Gzip.decompress(bytes("gzip/concatenated.gz"), path: "concatenated.gz") == expected)
    }

    @Test func plainDataPassesThrough() throws {
        let plain: [UInt8] = [1, 2, 3]
        #expect(try Gzip.decompressIfNeeded(plain, path: "plain") == plain)
    }

    @Test func streamThatEndsEarlyIsReported() throws {
        let error = datasetError { _ = try Gzip.decompress(try bytes("gzip/truncated.gz"), path: "truncated.gz") }
        #expect(error?.kind == .truncatedGzip)
        #expect(error?.path == "truncated.gz")
        #expect(error?.description.contains("ends after 215 compressed bytes") == true)
    }

    @Test func corruptStreamIsReported() throws {
        #expect(datasetError { _ = try Gzip.decompress(try bytes("gzip/corrupt.gz"), path: "corrupt.gz") }?.kind == .corruptGzip)
    }
}
