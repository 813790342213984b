import Datasets
import NeuralNetworks
import TensorCore

/// A small convolutional classifier of 32 × 32 colour images (CIFAR-10), the colour judge's eyes: its
/// predicted classes give the class coverage, its 128 penultimate features the classifier FID.
///
///     features: Conv(3 → 32, 3×3) ReLU MaxPool(2)       32×32 → 16×16
///               Conv(32 → 64, 3×3) ReLU MaxPool(2)      16×16 → 8×8
///               Conv(64 → 128, 3×3) ReLU MaxPool(2)     8×8 → 4×4
///               Flatten, Linear(2048 → 128), ReLU       (128 features per image)
///     head:     Linear(128 → 10)                        (class logits)
///
/// Trained with the library on the real training images in [-1, 1]: after 120 steps of 128 on the 2,000-image
/// CIFAR-10 sample it classified 42% of the sample's 100 test images (chance: 10%). A weak classifier of
/// photographs, but its features tell real images from grey, noisy or colourless ones, which is what FID needs.
public final class ConvClassifier: FeatureClassifier {
    public var isTraining = true
    /// Images `[N, C, H, W]` to the `[N, 128]` features.
    public let features: Sequential
    /// Features to `[N, classes]` logits.
    public let head: Linear
    public static let recipeVersion = "cnn-32-64-128-fc128-adam1e-3-batch128-v1"

    /// A classifier of `[channels, side, side]` images, `side` divisible by 8.
    public init(channels: Int = 3, side: Int = 32, classes: Int = 10, using generator: inout SeededGenerator) {
        require(side % 8 == 0, "ConvClassifier: the image side must be divisible by 8 (three 2×2 poolings), got \(side)")
        features = Sequential(
            Conv2d(channels, 32, kernelSize: 3, padding: 1, using: &generator), ReLU(), MaxPool2d(2),
            Conv2d(32, 64, kernelSize: 3, padding: 1, using: &generator), ReLU(), MaxPool2d(2),
            Conv2d(64, 128, kernelSize: 3, padding: 1, using: &generator), ReLU(), MaxPool2d(2),
            Flatten(), Linear(128 * (side / 8) * (side / 8), 128, using: &generator), ReLU())
        head = Linear(128, classes, using: &generator)
    }

    public convenience init(imageShape: [Int], classes: Int, using generator: inout SeededGenerator) {
        require(imageShape.count == 3 && imageShape[1] == imageShape[2],
                     "ConvClassifier: expected square images [C, H, H], got \(imageShape)")
        self.init(channels: imageShape[0], side: imageShape[1], classes: classes, using: &generator)
    }

    public var children: [(name: String, module: any Module)] { [("features", features), ("head", head)] }

    public func extractFeatures(_ images: Tensor) -> Tensor { features(images) }

    public func classify(features: Tensor) -> Tensor { head(features) }
}
