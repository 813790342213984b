import Datasets
import Foundation
import TestFolders
import Testing

@Suite struct CIFARReaderTests {
    @Test func readsRecordsAsChannelPlanes() throws {
        let batch = try CIFARReader.readBatch(at: fixture("tiny-cifar/data_batch_1.bin.gz"))
        #expect(batch.labels == [3, 5, 7])
        #expect(batch.pixels.count == 3 * 3072)
        // make_fixtures.py: record i, byte p after the label is (i + p) % 256; the green plane starts at p = 1024.
        #expect(batch.pixels[3072 + 1024] == UInt8((1 + 1024) % 256))
    }

    @Test func datasetJoinsBatchesAndReadsClassNames() throws {
        let catalog = DatasetCatalog(environment: ["HOME": try makeTestFolder("datasets-tests").path], samplesDirectory: nil)
        let train = try catalog.load(.cifar10, split: .train, dataDirectory: fixture("tiny-cifar"))
        #expect(train.labels == [3, 5, 7, 1, 2])
        #expect(train.imageShape == [3, 32, 32])
        #expect(train.classNames[9] == "truck")
        #expect(train.source.contains("data directory"))
        let test = try catalog.load(.cifar10, split: .test, dataDirectory: fixture("tiny-cifar"))
        #expect(test.labels == [9])
    }

    @Test func sizeThatIsNotAWholeNumberOfRecordsIsReported() {
        let error = datasetError { _ = try CIFARReader.parseBatch([UInt8](repeating: 1, count: 3073 * 2 + 5), path: "odd.bin") }
        #expect(error?.kind == .badRecordSize)
        #expect(error?.path == "odd.bin")
        #expect(error?.found.contains("6151 bytes") == true)
        #expect(datasetError { _ = try CIFARReader.parseBatch([], path: "empty.bin") }?.kind == .badRecordSize)
    }

    @Test func labelByteAboveNineIsReported() {
        var bytes = [UInt8](repeating: 0, count: 3073 * 2)
        bytes[3073] = 10
        #expect(datasetError { _ = try CIFARReader.parseBatch(bytes, path: "bad-label.bin") }?.found == "10 in record 1")
    }

    @Test func classNamesNeedTenLines() throws {
        #expect(try CIFARReader.parseClassNames("a\nb\n\nc\nd\ne\nf\ng\nh\ni\nj\n", path: "meta").count == 10)
        #expect(datasetError { _ = try CIFARReader.parseClassNames("cat\ndog\n", path: "meta") }?.found == "2 names")
    }
}
