import Datasets
import NeuralNetworks
import TensorCore

/// A classifier that judges generated images: its penultimate layer gives the features of the classifier
/// FID, its predicted classes give the class coverage. `SampleClassifier` (an MLP for 28 × 28 grey images)
/// and `ConvClassifier` (a small CNN for 32 × 32 colour images) are the two the chapters use;
/// `QualityJudge` and `ClassifierCache` work with either.
public protocol FeatureClassifier: Module {
    /// The recipe's version: change it when the architecture or training changes, so old caches are ignored.
    static var recipeVersion: String { get }
    /// A fresh, untrained classifier for images of shape `imageShape` (`[C, H, W]`) in `classes` classes.
    init(imageShape: [Int], classes: Int, using generator: inout SeededGenerator)
    /// The `[N, d]` features of images `[N, C, H, W]`.
    func extractFeatures(_ images: Tensor) -> Tensor
    /// The `[N, classes]` logits of `[N, d]` features.
    func classify(features: Tensor) -> Tensor
}

extension FeatureClassifier {
    /// The logits of images `[N, C, H, W]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { classify(features: extractFeatures(x)) }

    /// Trains a fresh classifier on `dataset` with Adam (lr 1e-3) and cross-entropy, `steps` batches of `batchSize`.
    public static func trained(on dataset: ImageDataset, steps: Int = 600, batchSize: Int = 128, seed: UInt64 = 0,
                               onStep: (Int, Double) -> Void = { _, _ in }) -> Self {
        var generator = SeededGenerator(seed: seed)
        let model = Self(imageShape: dataset.imageShape, classes: dataset.classNames.count, using: &generator)
        let optimizer = Adam(model.parameters(), lr: 1e-3)
        let lossFunction = CrossEntropyLoss()
        var loader = DataLoader(dataset, batchSize: min(batchSize, dataset.count), generator: generator.split())
        var step = 0
        while step < steps {
            for batch in loader.epoch() where step < steps {
                optimizer.zeroGrad()
                let loss = lossFunction(model(batch.images), batch.labels)
                loss.backward()
                optimizer.step()
                step += 1
                onStep(step, Double(loss.item))
            }
        }
        model.eval()
        return model
    }

    /// The features and predicted classes of `images` (`[N, C, H, W]`), computed in chunks without gradients.
    public func evaluate(_ images: Tensor, chunk: Int = 500) -> (features: Tensor, predictions: [Int]) {
        let modes = namedModules().map(\.module.isTraining)
        eval()
        defer { for ((_, module), mode) in zip(namedModules(), modes) { module.isTraining = mode } }
        var featureChunks: [Tensor] = [], predictions: [Int] = []
        withNoGrad {
            for start in stride(from: 0, to: images.shape[0], by: chunk) {
                let f = extractFeatures(images.narrow(axis: 0, start: start, length: min(chunk, images.shape[0] - start)))
                featureChunks.append(f)
                predictions += classify(features: f).argmax(axis: 1)
            }
        }
        return (Tensor.concat(featureChunks, axis: 0), predictions)
    }

    /// The fraction of `dataset`'s images classified correctly.
    public func accuracy(on dataset: ImageDataset) -> Double {
        let predictions = evaluate(dataset.tensor(range: 0..<dataset.count)).predictions
        let correct = zip(predictions, dataset.labels).filter { $0 == $1 }.count
        return Double(correct) / Double(max(dataset.count, 1))
    }
}
