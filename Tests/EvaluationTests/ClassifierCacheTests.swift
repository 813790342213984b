import Datasets
import Foundation
import NeuralNetworks
import Testing
import TensorCore
@testable import Evaluation

@Suite struct ClassifierCacheTests {
    /// 60 images of two easy classes: dark (class 0) and bright (class 1), with noise.
    func toyDataset() -> ImageDataset {
        var generator = SeededGenerator(seed: 9)
        var pixels: [UInt8] = [], labels: [Int] = []
        for i in 0..<60 {
            let label = i % 2
            labels.append(label)
            for _ in 0..<784 { pixels.append(UInt8(label * 150 + Int(generator.next() % 100))) }
        }
        return ImageDataset(images: pixels, labels: labels, classNames: ["dark", "bright"],
                            channels: 1, height: 28, width: 28, source: "toy")
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("classifier-cache-\(UUID().uuidString)")
    }

    @Test func fingerprintChangesWithOnePixel() {
        let dataset = toyDataset()
        var pixels = dataset.images
        pixels[100] &+= 1
        let changed = ImageDataset(images: pixels, labels: dataset.labels, classNames: dataset.classNames,
                                   channels: 1, height: 28, width: 28, source: "toy")
        #expect(ClassifierCache.fingerprint(dataset) != ClassifierCache.fingerprint(changed))
        #expect(ClassifierCache.fingerprint(dataset) == ClassifierCache.fingerprint(toyDataset()))
    }

    @Test func secondLookUpLoadsTheSavedClassifier() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = toyDataset(), cache = ClassifierCache(directories: [folder])
        let (trained, first) = try cache.classifier(for: dataset, datasetName: "toy")
        guard case .trained(let saved?) = first else { Issue.record("expected a trained classifier saved to disk, got \(first)"); return }
        #expect(trained.accuracy(on: dataset) == 1)
        let (loaded, second) = try cache.classifier(for: dataset, datasetName: "toy")
        #expect(second == .loaded(saved))
        let images = dataset.tensor(range: 0..<dataset.count)
        #expect(loaded.evaluate(images).features.scalars == trained.evaluate(images).features.scalars)
    }

    @Test func aFileWithAnotherFingerprintIsRejected() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = toyDataset()
        var generator = SeededGenerator(seed: 0)
        let model = SampleClassifier(pixels: 784, classes: 2, using: &generator)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("classifier-toy-\(ClassifierCache.fingerprint(dataset)).safetensors")
        try saveSafetensors(model.namedParameters().map { ($0.name, $0.tensor) }, metadata: ["fingerprint": "0123"], to: url)
        #expect(throws: ClassifierCacheError.self) { try ClassifierCache(directories: [folder]).classifier(for: dataset, datasetName: "toy") }
    }

    @Test func judgeScoresRealImagesBetterThanNoise() throws {
        let dataset = toyDataset()
        let classifier = SampleClassifier.trained(on: dataset, steps: 100)
        let judge = QualityJudge(classifier: classifier, reference: dataset.tensor(range: 0..<30), classCount: 2)
        var generator = SeededGenerator(seed: 4)
        let real = judge.judge(dataset.tensor(range: 30..<60))
        let noise = judge.judge(Tensor.uniform([30, 1, 28, 28], low: -1, high: 1, using: &generator))
        #expect(real.frechetDistance < noise.frechetDistance)
        #expect(real.coverage.counts == [15, 15])
    }
}
