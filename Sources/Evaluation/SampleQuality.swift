import TensorCore

/// How good a set of images looks to the judge: classifier FID against held-out real images, and class coverage.
public struct SampleQuality: Sendable {
    /// The Fréchet distance between the classifier features of these images and of the reference real images.
    public let frechetDistance: Double
    /// The predicted classes of these images.
    public let coverage: ClassCoverage
    /// How many images were judged.
    public let count: Int
}

/// Judges images against a fixed set of real reference images, with a trained classifier
/// (`SampleClassifier` for 28 × 28 grey images, `ConvClassifier` for 32 × 32 colour ones).
///
///     let judge = QualityJudge(classifier: classifier, reference: realImages)
///     let quality = judge.judge(generator(noise))     // quality.frechetDistance, quality.coverage
///
/// Compare like with like: FID from fewer images is biased upwards, so judge the same number of
/// generated, real and noise images.
public final class QualityJudge {
    public let classifier: any FeatureClassifier
    /// The feature statistics of the reference real images.
    public let reference: FeatureStatistics
    public let classCount: Int

    /// `reference` is `[N, C, H, W]` real images in [-1, 1] (e.g. the training set, as in the usual FID).
    public init(classifier: any FeatureClassifier, reference: Tensor, classCount: Int = 10) {
        self.classifier = classifier
        self.reference = FeatureStatistics(features: classifier.evaluate(reference).features)
        self.classCount = classCount
    }

    /// The quality of `images`, `[N, C, H, W]` in [-1, 1], N ≥ 2.
    public func judge(_ images: Tensor) -> SampleQuality {
        let (features, predictions) = classifier.evaluate(images)
        return SampleQuality(frechetDistance: frechetDistance(FeatureStatistics(features: features), reference),
                             coverage: ClassCoverage(predictions: predictions, classCount: classCount),
                             count: images.shape[0])
    }
}
