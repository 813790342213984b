import Datasets
import Foundation
import TestFolders
import Testing

@Suite struct IDXReaderTests {
    @Test func readsGzipImagesAndLabelsWithTheirValues() throws {
        let dataset = try IDXReader.dataset(images: fixture("tiny-mnist/train-images-idx3-ubyte.gz"),
                                            labels: fixture("tiny-mnist/train-labels-idx1-ubyte.gz"),
                                            classNames: DatasetName.mnist.classNames, source: "fixture")
        #expect(dataset.count == 6)
        #expect(dataset.imageShape == [1, 28, 28])
        #expect(dataset.labels == [0, 1, 2, 3, 4, 5])
        // make_fixtures.py: pixel p of image i is (i * 7 + p) % 256.
        let image2 = Array(dataset.pixels(of: 2))
        #expect(image2[0] == 14 && image2[1] == 15 && image2[783] == UInt8((14 + 783) % 256))
    }

    @Test func readsPlainFiles() throws {
        let images = try IDXReader.readImages(at: fixture("tiny-mnist/t10k-images-idx3-ubyte"))
        #expect(images.count == 2 && images.height == 28 && images.width == 28)
        #expect(images.pixels[0] == 100)
        #expect(try IDXReader.readLabels(at: fixture("tiny-mnist/t10k-labels-idx1-ubyte")) == [9, 8])
    }

    @Test func wrongMagicNumberNamesBothNumbers() {
        let error = datasetError { _ = try IDXReader.parseImages(idxLabels([1, 2]), path: "labels-given-as-images") }
        #expect(error?.kind == .wrongMagicNumber)
        #expect(error?.path == "labels-given-as-images")
        #expect(error?.expected.contains("0x00000803") == true)
        #expect(error?.found.contains("0x00000801") == true)
    }

    @Test func truncatedHeaderIsReported() {
        let error = datasetError { _ = try IDXReader.parseImages(Array(idxImages(count: 1).prefix(10)), path: "short") }
        #expect(error?.kind == .truncatedFile)
        #expect(error?.found == "10 bytes")
    }

    @Test func truncatedPixelsAreReported() {
        let error = datasetError { _ = try IDXReader.parseImages(Array(idxImages(count: 3).dropLast(100)), path: "cut") }
        #expect(error?.kind == .truncatedFile)
        #expect(error?.expected.contains("2352") == true)   // 3 × 28 × 28
        #expect(error?.found == "2252 bytes")
    }

    @Test func headerCountThatDisagreesWithALargerFileIsReported() {
        let error = datasetError { _ = try IDXReader.parseImages(idxImages(count: 2) + [0, 0, 0], path: "long") }
        #expect(error?.kind == .sizeMismatch)
        let labels = datasetError { _ = try IDXReader.parseLabels(idxLabels([1, 2, 3], declaredCount: 2), path: "labels") }
        #expect(labels?.kind == .sizeMismatch)
    }

    @Test func hugeHeaderCountsDoNotOverflow() {
        let bytes = bigEndian([0x803, UInt32.max, UInt32.max, UInt32.max])
        #expect(datasetError { _ = try IDXReader.parseImages(bytes, path: "huge") }?.kind == .truncatedFile)
    }

    @Test func imageAndLabelCountMismatchIsReported() throws {
        let folder = try makeTestFolder("datasets-tests")
        try Data(idxImages(count: 3)).write(to: folder.appendingPathComponent("images"))
        try Data(idxLabels([1, 2])).write(to: folder.appendingPathComponent("labels"))
        let error = datasetError {
            _ = try IDXReader.dataset(images: folder.appendingPathComponent("images"), labels: folder.appendingPathComponent("labels"),
                                      classNames: DatasetName.mnist.classNames, source: "")
        }
        #expect(error?.kind == .countMismatch)
        #expect(error?.expected.hasPrefix("3 labels") == true)
        #expect(error?.found == "2 labels")
    }

    @Test func labelOutsideTheClassesIsReported() throws {
        let folder = try makeTestFolder("datasets-tests")
        try Data(idxImages(count: 2)).write(to: folder.appendingPathComponent("images"))
        try Data(idxLabels([1, 12])).write(to: folder.appendingPathComponent("labels"))
        let error = datasetError {
            _ = try IDXReader.dataset(images: folder.appendingPathComponent("images"), labels: folder.appendingPathComponent("labels"),
                                      classNames: DatasetName.mnist.classNames, source: "")
        }
        #expect(error?.kind == .invalidLabel)
        #expect(error?.found == "label 12 at index 1")
    }

    @Test func missingFileIsAnErrorNotACrash() {
        let error = datasetError { _ = try IDXReader.readImages(at: URL(fileURLWithPath: "/nonexistent/train-images.gz")) }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.path == "/nonexistent/train-images.gz")
    }
}
