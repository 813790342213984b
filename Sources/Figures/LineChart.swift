import Foundation
import TensorCore

/// One curve of a `LineChart`.
public struct LineSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// `nil` picks the next colour of `RGBColor.palette`.
    public var color: RGBColor?

    public init(name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
        require(x.count == y.count, "LineSeries \(name): \(x.count) x values but \(y.count) y values")
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// Curves against a shared x axis: training losses against step, D(x) and D(G(z)) against step,
/// or a function y = f(x) such as the optimal discriminator D*(x).
///
///     var chart = LineChart(title: "Losses", xLabel: "step", yLabel: "loss")
///     chart.addSeries("D loss", x: steps, y: dLosses)
///     chart.addSeries("G loss", x: steps, y: gLosses)
///     chart.smoothingWindow = 25
///     try chart.writePNG(to: URL(fileURLWithPath: "losses.png"))
///
/// Non-finite values (a diverged loss) break the line instead of wrecking the axes.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries] = []
    /// When above 1, each curve is drawn faintly as recorded and boldly as a centred moving
    /// average over this many points.
    public var smoothingWindow = 1
    /// Fixed axis ranges; `nil` fits the data (x exactly, y with 5% room).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Size in pixels of the PNG, and of the SVG's view box.
    public var width = 800
    public var height = 500
    public var lineWidth = 2.0

    public init(title: String = "", xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a curve through the points (x[i], y[i]).
    public mutating func addSeries(_ name: String, x: [Double], y: [Double], color: RGBColor? = nil) {
        series.append(LineSeries(name: name, x: x, y: y, color: color))
    }

    /// Adds a curve with x = 0, 1, 2, … (one value per step).
    public mutating func addSeries(_ name: String, y: [Double], color: RGBColor? = nil) {
        addSeries(name, x: y.indices.map(Double.init), y: y, color: color)
    }

    /// Adds the curve y = f(x) sampled at `samples` evenly spaced points of `domain`.
    public mutating func addFunction(_ name: String, over domain: ClosedRange<Double>, samples: Int = 200,
                                     color: RGBColor? = nil, _ f: (Double) -> Double) {
        require(samples >= 2, "addFunction: need at least 2 samples, got \(samples)")
        let xs = (0..<samples).map { domain.lowerBound + (domain.upperBound - domain.lowerBound) * Double($0) / Double(samples - 1) }
        addSeries(name, x: xs, y: xs.map(f), color: color)
    }

    var plot: Plot {
        var marks: [PlotMark] = []
        for (index, s) in series.enumerated() {
            let color = s.color ?? .automatic(index)
            if smoothingWindow > 1 {
                marks.append(PlotMark(name: s.name, x: s.x, y: s.y, color: color, style: .line(width: 1),
                                      opacity: 0.3, inLegend: false))
                marks.append(PlotMark(name: s.name, x: s.x, y: movingAverage(s.y, window: smoothingWindow),
                                      color: color, style: .line(width: lineWidth)))
            } else {
                marks.append(PlotMark(name: s.name, x: s.x, y: s.y, color: color, style: .line(width: lineWidth)))
            }
        }
        return Plot(title: title, xLabel: xLabel, yLabel: yLabel, width: width, height: height,
                    xRange: xRange, yRange: yRange, xMargin: 0, yMargin: 0.05, marks: marks)
    }

    /// The chart as an RGB image.
    public func renderImage() -> Image { plot.renderImage() }
    /// The chart as an SVG document (text stays text).
    public func svg() -> String { plot.svg() }
    /// Saves the chart as a PNG file (atomically).
    public func writePNG(to url: URL) throws { try renderImage().writePNG(to: url) }
    /// Saves the chart as an SVG file (atomically).
    public func writeSVG(to url: URL) throws { try AtomicFile.write(Array(svg().utf8), to: url) }
}
