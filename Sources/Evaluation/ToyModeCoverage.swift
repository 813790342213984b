/// How well a set of generated points covers the modes of a `ToyRingOfGaussians`.
public struct ToyModeCoverage: Sendable, Equatable {
    /// For each mode, how many points lie within the distance limit of its centre.
    public let pointsPerMode: [Int]
    /// How many points were measured.
    public let pointCount: Int
    /// A mode with at least this many high-quality points counts as covered.
    public let minimumPointsPerMode: Int

    public init(pointsPerMode: [Int], pointCount: Int, minimumPointsPerMode: Int) {
        self.pointsPerMode = pointsPerMode
        self.pointCount = pointCount
        self.minimumPointsPerMode = minimumPointsPerMode
    }

    /// How many modes have at least `minimumPointsPerMode` high-quality points.
    public var modesCovered: Int { pointsPerMode.filter { $0 >= minimumPointsPerMode }.count }

    /// The fraction of all points that lie close to some mode.
    public var highQualityFraction: Double {
        pointCount == 0 ? 0 : Double(pointsPerMode.reduce(0, +)) / Double(pointCount)
    }
}
