import Foundation
import TensorCore

/// One cloud of points of a `ScatterPlot`.
public struct PointSet: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// `nil` picks the next colour of `RGBColor.palette`.
    public var color: RGBColor?

    public init(name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
        require(x.count == y.count, "PointSet \(name): \(x.count) x values but \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// Two-dimensional point clouds, e.g. real samples against generated ones:
///
///     var plot = ScatterPlot(title: "Step 2000", xLabel: "x1", yLabel: "x2")
///     plot.addPoints("real", realBatch)        // a [N, 2] tensor
///     plot.addPoints("generated", fakeBatch)
///     try plot.writePNG(to: URL(fileURLWithPath: "scatter.png"))
public struct ScatterPlot: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var pointSets: [PointSet] = []
    /// Fixed axis ranges (keep them fixed across training steps so frames compare); `nil` fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var width = 600
    public var height = 600
    public var pointRadius = 3.0
    /// Dots are partly transparent so dense regions show darker.
    public var opacity = 0.6

    public init(title: String = "", xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds the points (x[i], y[i]).
    public mutating func addPoints(_ name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
        pointSets.append(PointSet(name: name, x: x, y: y, color: color))
    }

    /// Adds the rows of a `[N, 2]` tensor as points.
    public mutating func addPoints(_ name: String, _ points: Tensor, color: RGBColor? = nil) {
        require(points.rank == 2 && points.shape[1] == 2,
                     "ScatterPlot.addPoints(\(name)): expected a [N, 2] tensor, got shape \(points.shape)")
        let values = points.doubles
        addPoints(name, x: stride(from: 0, to: values.count, by: 2).map { values[$0] },
                  y: stride(from: 1, to: values.count, by: 2).map { values[$0] }, color: color)
    }

    var plot: Plot {
        let marks = pointSets.enumerated().map { index, set in
            PlotMark(name: set.name, x: set.x, y: set.y, color: set.color ?? .automatic(index),
                     style: .dots(radius: pointRadius), opacity: opacity)
        }
        return Plot(title: title, xLabel: xLabel, yLabel: yLabel, width: width, height: height,
                    xRange: xRange, yRange: yRange, xMargin: 0.05, yMargin: 0.05, marks: marks)
    }

    /// The plot as an RGB image.
    public func renderImage() -> Image { plot.renderImage() }
    /// The plot as an SVG document (text stays text).
    public func svg() -> String { plot.svg() }
    /// Saves the plot as a PNG file (atomically).
    public func writePNG(to url: URL) throws { try renderImage().writePNG(to: url) }
    /// Saves the plot as an SVG file (atomically).
    public func writeSVG(to url: URL) throws { try AtomicFile.write(Array(svg().utf8), to: url) }
}
