import Datasets
import Foundation
import NeuralNetworks
import Testing
import TensorCore
@testable import Evaluation

@Suite struct ConvClassifierTests {
    /// 80 colour images 3×16×16 in two classes that differ only in *where* the colour is: a red left half
    /// (class 0) or a red right half (class 1), on noise. The mean colour of both classes is the same, so
    /// only a model that looks at positions (a convolution, not a colour average) can tell them apart.
    func toyColourDataset(count: Int = 80, seed: UInt64 = 11) -> ImageDataset {
        var generator = SeededGenerator(seed: seed)
        var pixels: [UInt8] = [], labels: [Int] = []
        for i in 0..<count {
            let label = i % 2
            labels.append(label)
            for channel in 0..<3 {
                for _ in 0..<16 {
                    for x in 0..<16 {
                        let lit = channel == 0 && (x < 8) == (label == 0)
                        pixels.append(UInt8((lit ? 150 : 0) + Int(generator.next() % 100)))
                    }
                }
            }
        }
        return ImageDataset(images: pixels, labels: labels, classNames: ["left", "right"], channels: 3, height: 16, width: 16, source: "toy")
    }

    @Test func featuresAndLogitsHaveTheDocumentedShapes() {
        var generator = SeededGenerator(seed: 1)
        let model = ConvClassifier(channels: 3, side: 32, classes: 10, using: &generator)
        let x = Tensor.randn([5, 3, 32, 32], using: &generator)
        #expect(model.extractFeatures(x).shape == [5, 128])
        #expect(model(x).shape == [5, 10])
        let (features, predictions) = model.evaluate(x, chunk: 2)
        #expect(features.shape == [5, 128])
        #expect(predictions.count == 5 && predictions.allSatisfy { (0..<10).contains($0) })
        #expect(model.isTraining, "evaluate restores the training mode it found")
    }

    @Test func learnsWhereTheColourIs() {
        let train = toyColourDataset(), test = toyColourDataset(count: 40, seed: 12)
        let untrained = ConvClassifier.trained(on: train, steps: 0)
        let model = ConvClassifier.trained(on: train, steps: 60, batchSize: 16)
        #expect(model.accuracy(on: test) >= 0.95, "a CNN separates left from right")
        #expect(untrained.accuracy(on: test) < model.accuracy(on: test))
    }

    @Test func theCacheKeepsTheTwoKindsOfClassifierApart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conv-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = toyColourDataset()
        let cache = ClassifierCache(directories: [folder], trainingSteps: 30)
        let (trained, first) = try cache.classifier(ConvClassifier.self, for: dataset, datasetName: "toy")
        guard case .trained(let saved?) = first else { Issue.record("expected a trained classifier saved to disk, got \(first)"); return }
        #expect(saved.lastPathComponent == "classifier-toy-\(ClassifierCache.fingerprint(dataset, recipe: ConvClassifier.recipeVersion, trainingSteps: 30)).safetensors")
        let (loaded, second) = try cache.classifier(ConvClassifier.self, for: dataset, datasetName: "toy")
        #expect(second == .loaded(saved))
        let images = dataset.tensor(range: 0..<20)
        #expect(loaded.evaluate(images).features.scalars == trained.evaluate(images).features.scalars)
        // The MLP judge of the same data is a different recipe: it is trained and saved under another name.
        let (_, mlp) = try cache.classifier(SampleClassifier.self, for: dataset, datasetName: "toy")
        guard case .trained(let mlpFile?) = mlp else { Issue.record("expected the MLP to be trained, got \(mlp)"); return }
        #expect(mlpFile != saved)
    }

    @Test func judgesRealColourImagesBetterThanNoise() {
        let dataset = toyColourDataset()
        let judge = QualityJudge(classifier: ConvClassifier.trained(on: dataset, steps: 40, batchSize: 16),
                                 reference: dataset.tensor(range: 0..<40), classCount: 2)
        var generator = SeededGenerator(seed: 3)
        let real = judge.judge(dataset.tensor(range: 40..<80))
        let noise = judge.judge(Tensor.uniform([40, 3, 16, 16], low: -1, high: 1, using: &generator))
        #expect(real.frechetDistance < noise.frechetDistance)
        #expect(real.coverage.normalizedEntropy > 0.9)
    }
}
