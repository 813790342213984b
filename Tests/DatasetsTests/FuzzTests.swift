import Datasets
import Foundation
import TestFolders
import Testing
import TensorCore

/// Feeds the parsers thousands of random and mutated byte strings (seeded, so a failure can be replayed):
/// each must either throw or return a result that is consistent, and never crash.
@Suite struct FuzzTests {
    static let seeds: [UInt64] = [1, 2, 3]

    func randomBytes(_ count: Int, _ generator: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Flips, overwrites, cuts or extends a few bytes of `bytes`.
    func mutate(_ bytes: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !result.isEmpty:
                result[Int.random(in: 0..<result.count, using: &generator)] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1 where !result.isEmpty:
                result[Int.random(in: 0..<result.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 2:
                result = Array(result.prefix(Int.random(in: 0...result.count, using: &generator)))
            default:
                result += randomBytes(Int.random(in: 1...64, using: &generator), &generator)
            }
        }
        return result
    }

    func fixtureBytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixture(path))) }

    @Test(arguments: seeds) func idxAndCIFARParsersNeverCrash(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let valid = [idxImages(count: 2, rows: 3, columns: 2), idxLabels([1, 2, 3]),
                     [UInt8](repeating: 4, count: 3073), try fixtureBytes("tiny-mnist/train-labels-idx1-ubyte.gz")]
        var accepted = 0
        for i in 0..<1_500 {
            let bytes = i % 3 == 0 ? randomBytes(Int.random(in: 0..<80, using: &generator), &generator)
                                   : mutate(valid[i % valid.count], &generator)
            if let images = try? IDXReader.parseImages(Gzip.decompressIfNeeded(bytes, path: "fuzz"), path: "fuzz") {
                #expect(images.pixels.count == images.count * images.height * images.width)
                accepted += 1
            }
            if let labels = try? IDXReader.parseLabels(Gzip.decompressIfNeeded(bytes, path: "fuzz"), path: "fuzz") {
                #expect(labels.allSatisfy { (0...255).contains($0) })
                accepted += 1
            }
            if let batch = try? CIFARReader.parseBatch(bytes, path: "fuzz") {
                #expect(batch.pixels.count == batch.labels.count * 3072 && batch.labels.allSatisfy { $0 < 10 })
                accepted += 1
            }
        }
        #expect(accepted > 0)   // some mutations (e.g. a changed pixel) leave a valid file
    }

    @Test(arguments: seeds) func gzipNeverCrashes(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let valid = try fixtureBytes("gzip/payload.bin.gz")
        var failures = 0
        for i in 0..<1_000 {
            let bytes = i % 2 == 0 ? [0x1F, 0x8B] + randomBytes(Int.random(in: 0..<100, using: &generator), &generator)
                                   : mutate(valid, &generator)
            do { _ = try Gzip.decompress(bytes, path: "fuzz") } catch is DatasetError { failures += 1 }
        }
        #expect(failures > 500)   // random data is almost never valid deflate
    }

    @Test(arguments: seeds) func tarExtractionNeverCrashesNorEscapes(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let root = try makeTestFolder("datasets-tests")
        defer { try? FileManager.default.removeItem(at: root) }
        let valid = [try fixtureBytes("tar/good.tar"), try fixtureBytes("tar/symlink-out.tar")]
        for i in 0..<200 {
            let folder = root.appendingPathComponent("\(i)")
            let bytes = mutate(valid[i % 2], &generator)
            guard let written = try? TarArchive.extract(bytes, archivePath: "fuzz.tar", into: folder) else { continue }
            #expect(written.allSatisfy { $0.standardizedFileURL.path.hasPrefix(folder.path + "/") })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).allSatisfy { Int($0) != nil })
    }
}
