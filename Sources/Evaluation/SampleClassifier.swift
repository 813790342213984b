import Datasets
import NeuralNetworks
import TensorCore

/// A small classifier of 28 × 28 images that judges generated samples: its predicted classes give the
/// class coverage, and its penultimate layer gives the features of the classifier FID.
///
///     features: Linear(784 → 256), ReLU, Linear(256 → 64), ReLU      (64 features per image)
///     head:     Linear(64 → 10)                                      (class logits)
///
/// It is trained on the real training images (in [-1, 1], like the generator's output) and reaches about
/// 90% test accuracy on the 4,500-digit MNIST sample in a few seconds; enough to tell digits apart,
/// small enough to train on the first run of a chapter. `ClassifierCache` stores it between runs.
public final class SampleClassifier: Module {
    public var isTraining = true
    /// Images `[N, 1, 28, 28]` (or `[N, 784]`) to the `[N, 64]` features.
    public let features: Sequential
    /// Features to `[N, classes]` logits.
    public let head: Linear
    /// The recipe's version: change it when the architecture or training changes, so old caches are ignored.
    public static let recipeVersion = "mlp-784-256-64-adam1e-3-batch128-v1"

    public init(pixels: Int = 784, classes: Int = 10, using generator: inout SeededGenerator) {
        features = Sequential(Linear(pixels, 256, using: &generator), ReLU(), Linear(256, 64, using: &generator), ReLU())
        head = Linear(64, classes, using: &generator)
    }

    public var children: [(name: String, module: any Module)] { [("features", features), ("head", head)] }

    /// The logits of `x`, `[N, C, H, W]` or `[N, pixels]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { head(features(x.reshape([x.shape[0], -1]))) }

    /// Trains a fresh classifier on `dataset` with Adam (lr 1e-3) and cross-entropy, `steps` batches of `batchSize`.
    public static func trained(on dataset: ImageDataset, steps: Int = 600, batchSize: Int = 128, seed: UInt64 = 0,
                               onStep: (Int, Double) -> Void = { _, _ in }) -> SampleClassifier {
        var generator = SeededGenerator(seed: seed)
        let model = SampleClassifier(pixels: dataset.pixelsPerImage, classes: dataset.classNames.count, using: &generator)
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

    /// The features and predicted classes of `images` (`[N, …]`), computed in chunks without gradients.
    public func evaluate(_ images: Tensor, chunk: Int = 1000) -> (features: Tensor, predictions: [Int]) {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        var featureChunks: [Tensor] = [], predictions: [Int] = []
        withNoGrad {
            for start in stride(from: 0, to: images.shape[0], by: chunk) {
                let part = images.narrow(axis: 0, start: start, length: min(chunk, images.shape[0] - start))
                let f = features(part.reshape([part.shape[0], -1]))
                featureChunks.append(f)
                predictions += head(f).argmax(axis: 1)
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
