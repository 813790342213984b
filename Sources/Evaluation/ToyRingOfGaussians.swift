import Foundation
import TensorCore

/// Eight (or `modeCount`) equally weighted round Gaussians whose centres sit evenly on a circle:
/// the classic 2-D data set for watching a GAN cover, or collapse onto, separate modes
/// (Metz et al., "Unrolled Generative Adversarial Networks", 2017).
public struct ToyRingOfGaussians: Sendable {
    /// How many Gaussians sit on the ring.
    public let modeCount: Int
    /// The ring's radius: every centre is this far from the origin.
    public let radius: Double
    /// σ of every Gaussian, the same along both axes.
    public let standardDeviation: Double

    public init(modeCount: Int = 8, radius: Double = 2, standardDeviation: Double = 0.05) {
        require(modeCount > 0, "ToyRingOfGaussians: modeCount must be positive, got \(modeCount)")
        require(radius > 0 && standardDeviation > 0,
                     "ToyRingOfGaussians: radius and standardDeviation must be positive, got \(radius) and \(standardDeviation)")
        self.modeCount = modeCount
        self.radius = radius
        self.standardDeviation = standardDeviation
    }

    /// The centre of mode `k` sits at angle 2πk / modeCount.
    public var centres: [(x: Double, y: Double)] {
        (0..<modeCount).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(modeCount)
            return (radius * cos(angle), radius * sin(angle))
        }
    }

    /// `count` points as a `[count, 2]` float32 tensor: each picks a mode uniformly, then adds N(0, σ²) noise to both coordinates.
    public func sample(_ count: Int, using generator: inout SeededGenerator) -> Tensor {
        let centres = self.centres
        let points = Tensor(uninitializedShape: [count, 2])
        let p = points.pointer(Float.self)
        for i in 0..<count {
            let centre = centres[Int(generator.next() % UInt64(modeCount))]
            p[2 * i] = Float(centre.x + standardDeviation * generator.nextNormal())
            p[2 * i + 1] = Float(centre.y + standardDeviation * generator.nextNormal())
        }
        return points
    }

    /// Which modes the `[n, 2]` `points` reach: a point is "high quality" when it lies within
    /// `standardDeviations` σ of its nearest centre, and a mode is covered when at least
    /// `minimumFraction` of all points are high-quality points of that mode.
    public func coverage(of points: Tensor, withinStandardDeviations standardDeviations: Double = 3,
                         minimumFraction: Double = 0.01) -> ToyModeCoverage {
        require(points.rank == 2 && points.shape[1] == 2, "coverage(of:): expected points of shape [n, 2], got \(points.shape)")
        let centres = self.centres
        let limit = standardDeviations * standardDeviation
        let xy = points.doubles
        var pointsPerMode = [Int](repeating: 0, count: modeCount)
        for i in 0..<points.shape[0] {
            var nearest = 0
            var nearestDistance = Double.infinity
            for (k, centre) in centres.enumerated() {
                let distance = hypot(xy[2 * i] - centre.x, xy[2 * i + 1] - centre.y)
                if distance < nearestDistance { (nearest, nearestDistance) = (k, distance) }
            }
            if nearestDistance <= limit { pointsPerMode[nearest] += 1 }
        }
        let minimum = max(1, Int((minimumFraction * Double(points.shape[0])).rounded(.up)))
        return ToyModeCoverage(pointsPerMode: pointsPerMode, pointCount: points.shape[0], minimumPointsPerMode: minimum)
    }
}
