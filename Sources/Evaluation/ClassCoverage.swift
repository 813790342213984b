import Foundation
import TensorCore

/// Which classes a set of generated images falls into, according to a classifier: a mode-collapse detector.
///
/// A generator that covers the data makes every class about equally often (MNIST and Fashion-MNIST are
/// balanced); a collapsed one makes a few classes and starves the rest. The normalised entropy
/// H(p) / log(classes) is 1 for a uniform histogram and 0 when every image lands in one class.
public struct ClassCoverage: Sendable, Equatable {
    /// How many images were assigned to each class.
    public let counts: [Int]
    /// A class with a smaller share than this is "starved"; the default 2% is a fifth of a fair share of ten classes.
    public let starvedShare: Double

    /// The coverage of `predictions` (class indices in `0..<classCount`).
    public init(predictions: [Int], classCount: Int, starvedShare: Double = 0.02) {
        require(classCount >= 2, "ClassCoverage: need at least 2 classes, got \(classCount)")
        var counts = [Int](repeating: 0, count: classCount)
        for p in predictions {
            require(p >= 0 && p < classCount, "ClassCoverage: prediction \(p) is outside 0..<\(classCount)")
            counts[p] += 1
        }
        self.init(counts: counts, starvedShare: starvedShare)
    }

    /// The coverage of a histogram of class counts.
    public init(counts: [Int], starvedShare: Double = 0.02) {
        self.counts = counts
        self.starvedShare = starvedShare
    }

    /// The number of images counted.
    public var total: Int { counts.reduce(0, +) }

    /// Each class's share of the images (all zero when there are none).
    public var shares: [Double] {
        let n = Double(max(total, 1))
        return counts.map { Double($0) / n }
    }

    /// H(p) / log(classes), in [0, 1]: 1 for a uniform histogram, 0 for a single class.
    public var normalizedEntropy: Double {
        let entropy = shares.reduce(0) { $0 - ($1 > 0 ? $1 * log($1) : 0) }
        return entropy / log(Double(counts.count))
    }

    /// The classes whose share is below `starvedShare`.
    public var starvedClasses: [Int] { shares.indices.filter { shares[$0] < starvedShare } }

    /// True when some class gets less than `starvedShare` of the images: the mark of mode collapse.
    public var isCollapsed: Bool { !starvedClasses.isEmpty }

    /// "0:10% 1:11% … 9:9%".
    public var histogramDescription: String {
        shares.enumerated().map { "\($0.offset):\(Int(($0.element * 100).rounded()))%" }.joined(separator: " ")
    }
}
