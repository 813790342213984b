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
public final class SampleClassifier: FeatureClassifier {
    public var isTraining = true
    /// Flattened images `[N, 784]` to the `[N, 64]` features.
    public let features: Sequential
    /// Features to `[N, classes]` logits.
    public let head: Linear
    public static let recipeVersion = "mlp-784-256-64-adam1e-3-batch128-v1"

    public init(pixels: Int = 784, classes: Int = 10, using generator: inout SeededGenerator) {
        features = Sequential(Linear(pixels, 256, using: &generator), ReLU(), Linear(256, 64, using: &generator), ReLU())
        head = Linear(64, classes, using: &generator)
    }

    public convenience init(imageShape: [Int], classes: Int, using generator: inout SeededGenerator) {
        self.init(pixels: imageShape.reduce(1, *), classes: classes, using: &generator)
    }

    public var children: [(name: String, module: any Module)] { [("features", features), ("head", head)] }

    public func extractFeatures(_ images: Tensor) -> Tensor { features(images.reshape([images.shape[0], -1])) }

    public func classify(features: Tensor) -> Tensor { head(features) }
}
