import Datasets
import Foundation
import NeuralNetworks
import TensorCore

/// Keeps trained classifiers (`SampleClassifier`, `ConvClassifier`) on disk, so only a chapter's first run
/// pays for training one.
///
/// A cached classifier is a safetensors file named after the dataset and a fingerprint of its training
/// set and recipe, `classifier-mnist-3f9a…c2.safetensors`: a different training set (the full MNIST
/// instead of the sample), another kind of classifier or a changed recipe gives a different name, so a
/// stale classifier is never used.
public struct ClassifierCache: Sendable {
    /// Folders to look in, in order; a new classifier is saved in the first one that can be written.
    public let directories: [URL]
    /// The training steps of a new classifier (part of the fingerprint: a quicker recipe is cached apart).
    public let trainingSteps: Int

    public init(directories: [URL], trainingSteps: Int = 600) {
        self.directories = directories
        self.trainingSteps = trainingSteps
    }

    /// Where a classifier came from.
    public enum Origin: Sendable, Equatable {
        case loaded(URL)
        case trained(savedTo: URL?)
    }

    /// The cached MLP classifier for `dataset` (named `datasetName` in the file name), or a freshly trained one, saved.
    public func classifier(for dataset: ImageDataset, datasetName: String, seed: UInt64 = 0,
                           onStep: (Int, Double) -> Void = { _, _ in }) throws -> (SampleClassifier, Origin) {
        try classifier(SampleClassifier.self, for: dataset, datasetName: datasetName, seed: seed, onStep: onStep)
    }

    /// The cached classifier of kind `kind` for `dataset` (named `datasetName` in the file name), or a freshly
    /// trained one, saved.
    public func classifier<Classifier: FeatureClassifier>(_ kind: Classifier.Type, for dataset: ImageDataset, datasetName: String,
                                                          seed: UInt64 = 0, onStep: (Int, Double) -> Void = { _, _ in })
        throws -> (Classifier, Origin) {
        let fingerprint = Self.fingerprint(dataset, recipe: kind.recipeVersion, trainingSteps: trainingSteps)
        let fileName = "classifier-\(datasetName)-\(fingerprint).safetensors"
        var generator = SeededGenerator(seed: seed)
        for directory in directories {
            let url = directory.appendingPathComponent(fileName)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let model = Classifier(imageShape: dataset.imageShape, classes: dataset.classNames.count, using: &generator)
            let metadata = try loadSafetensors(into: model.namedParameters(), from: url)
            guard metadata["fingerprint"] == fingerprint else {
                throw ClassifierCacheError(file: url.path, expected: "metadata fingerprint \(fingerprint)",
                                           found: metadata["fingerprint"].map { "fingerprint \($0)" } ?? "no fingerprint")
            }
            model.eval()
            return (model, .loaded(url))
        }
        let model = Classifier.trained(on: dataset, steps: trainingSteps, seed: seed, onStep: onStep)
        for directory in directories {
            let url = directory.appendingPathComponent(fileName)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try saveSafetensors(model.namedParameters().map { ($0.name, $0.tensor) },
                                    metadata: ["fingerprint": fingerprint, "recipe": kind.recipeVersion,
                                               "dataset": datasetName, "images": String(dataset.count)],
                                    to: url)
                return (model, .trained(savedTo: url))
            } catch {
                continue  // a read-only cache folder: try the next one
            }
        }
        return (model, .trained(savedTo: nil))
    }

    /// A 64-bit FNV-1a hash, in hex, of the training images, their labels and the classifier's recipe and training steps.
    public static func fingerprint(_ dataset: ImageDataset, recipe: String = SampleClassifier.recipeVersion,
                                   trainingSteps: Int = 600) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        dataset.images.withUnsafeBufferPointer { for byte in $0 { mix(byte) } }
        for label in dataset.labels { mix(UInt8(truncatingIfNeeded: label)) }
        for byte in "\(recipe)-\(trainingSteps)".utf8 { mix(byte) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A cached classifier file that does not belong to the training set it was looked up for.
public struct ClassifierCacheError: Error, CustomStringConvertible {
    public let file: String
    public let expected: String
    public let found: String

    public var description: String { "\(file): expected \(expected), found \(found)" }
}
