import Datasets
import Foundation
import Testing
import TensorCore

@Suite struct DataLoaderTests {
    /// 10 images of 2×2, image i filled with pixel value 20·i, labelled i.
    let dataset = ImageDataset(images: (0..<10).flatMap { [UInt8](repeating: UInt8($0 * 20), count: 4) },
                               labels: Array(0..<10), classNames: (0..<10).map(String.init),
                               channels: 1, height: 2, width: 2, source: "test")

    @Test func batchesCoverTheDatasetOnceInOrderWithoutShuffle() {
        var loader = DataLoader(dataset, batchSize: 4, shuffle: false, dropLast: false)
        let batches = Array(loader.epoch())
        #expect(loader.count == 3 && batches.count == 3)
        #expect(batches.map(\.labels) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(batches[2].images.shape == [2, 1, 2, 2])
    }

    @Test func dropLastLeavesOutTheShortBatch() {
        var loader = DataLoader(dataset, batchSize: 4, shuffle: true, dropLast: true, seed: 3)
        let batches = Array(loader.epoch())
        #expect(loader.count == 2 && batches.count == 2)
        #expect(batches.allSatisfy { $0.labels.count == 4 })
    }

    @Test func imagesMatchTheirLabelsAndLieInMinusOneToOne() {
        var loader = DataLoader(dataset, batchSize: 5, seed: 1)
        for batch in loader.epoch() {
            let values = batch.images.scalars
            for (row, label) in batch.labels.enumerated() {
                let expected = Float(label * 20) / 127.5 - 1
                #expect(values[(row * 4)..<(row * 4 + 4)].allSatisfy { $0 == expected })
            }
            #expect(values.allSatisfy { $0 >= -1 && $0 <= 1 })
        }
        #expect(PixelNormalization.minusOneToOne.range == -1...1)
    }

    @Test func shufflingIsSeededAndChangesEachEpoch() {
        var a = DataLoader(dataset, batchSize: 10, seed: 42), b = DataLoader(dataset, batchSize: 10, seed: 42)
        let first = a.epoch().order, second = a.epoch().order
        #expect(first == b.epoch().order)
        #expect(first != second)
        #expect(first.sorted() == Array(0..<10) && first != Array(0..<10))
        var c = DataLoader(dataset, batchSize: 10, seed: 43)
        #expect(c.epoch().order != first)
    }

    @Test func meanStdNormalisationLeavesTheTanhRange() {
        // The pitfall the doc comment describes: black -0.42, white 2.82.
        let range = PixelNormalization.mnistMeanStd.range
        #expect(abs(range.lowerBound - -0.4242) < 1e-3 && abs(range.upperBound - 2.8215) < 1e-3)
    }
}
