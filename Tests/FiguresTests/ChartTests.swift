import Foundation
import Testing
import TensorCore
@testable import Figures
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ChartTests {
    func straightLineChart() -> LineChart {
        var chart = LineChart(title: "Straight", xLabel: "step", yLabel: "loss")
        chart.addSeries("D loss", x: [0, 10], y: [0, 10], color: .red)
        chart.addSeries("G loss", x: [0, 10], y: [8, 8], color: .blue)
        chart.xRange = 0...10
        chart.yRange = 0...10
        return chart
    }

    /// How much of `color` is mixed into `pixel` over a white background (1 = pure colour),
    /// read on the channel where the colour differs most from white.
    func share(of color: RGBColor, in pixel: [UInt8]) -> Double {
        let channel = (0..<3).min { color.components[$0] < color.components[$1] }!
        return (255 - Double(pixel[channel])) / (255 - Double(color.components[channel]))
    }

    @Test func pngHasTheRequestedSizeAndAWhiteBackground() throws {
        var chart = straightLineChart()
        chart.width = 640
        chart.height = 400
        let image = try Image(pngData: chart.renderImage().pngData())
        #expect(image.width == 640 && image.height == 400 && image.channels == 3)
        #expect(image[0, 0] == [255, 255, 255] && image[639, 399] == [255, 255, 255])
    }

    @Test func linesPassThroughTheirDataPoints() {
        let chart = straightLineChart()
        let image = chart.renderImage()
        let frame = chart.plot.frame()
        for t in [2.5, 5.0, 7.5] {
            let p = frame.point(t, t)
            // An anti-aliased 2-pixel line covers the pixel under its centre line at least 3/4.
            #expect(share(of: .red, in: image[Int(p.x), Int(p.y)]) > 0.75, "y = x at \(t)")
            let q = frame.point(t, 8)
            #expect(share(of: .blue, in: image[Int(q.x), Int(q.y)]) > 0.75, "y = 8 at \(t)")
        }
        // Far from both lines the plot area is background or grid, never a series colour.
        let empty = frame.point(8, 2)
        #expect(share(of: .red, in: image[Int(empty.x), Int(empty.y)]) < 0.2)
    }

    @Test func textIsDrawnInTheMargins() {
        let image = straightLineChart().renderImage()
        let frame = straightLineChart().plot.frame()
        let aboveThePlot = (0..<Int(frame.area.y) - 1).contains { y in (0..<image.width).contains { image[$0, y][0] < 100 } }
        let leftOfThePlot = (0..<image.height).contains { y in (0..<Int(frame.area.x) - 8).contains { image[$0, y][0] < 100 } }
        #expect(aboveThePlot && leftOfThePlot)
    }

    @Test func svgContainsTheSeriesNamesAndLabels() {
        let svg = straightLineChart().svg()
        #expect(svg.hasPrefix("<?xml"))
        for text in ["D loss", "G loss", "Straight", "step", "loss"] { #expect(svg.contains(">\(text)</text>")) }
        #expect(svg.contains("stroke=\"#d62728\""))
    }

    @Test func svgEscapesMarkup() {
        var chart = LineChart(title: "D(x) < 0.5 & falling")
        chart.addSeries("a", y: [1, 2])
        #expect(chart.svg().contains("D(x) &lt; 0.5 &amp; falling"))
    }

    @Test func functionPlotSamplesTheDomain() {
        var chart = LineChart()
        chart.addFunction("D*(x)", over: -2...2, samples: 5) { $0 * $0 }
        #expect(chart.series[0].x == [-2, -1, 0, 1, 2])
        #expect(chart.series[0].y == [4, 1, 0, 1, 4])
    }

    @Test func smoothingAddsAFaintRawCurveOutsideTheLegend() {
        var chart = LineChart()
        chart.addSeries("loss", y: [1, 5, 1, 5, 1])
        chart.smoothingWindow = 3
        let marks = chart.plot.marks
        #expect(marks.count == 2 && !marks[0].inLegend && marks[0].opacity < 1)
        let smoothed: [Double] = [3, 7.0 / 3, 11.0 / 3, 7.0 / 3, 3]
        #expect(marks[1].y == smoothed)
    }

    @Test func nonFiniteValuesBreakTheLineButKeepTheAxes() {
        var chart = LineChart()
        chart.addSeries("loss", y: [1, 2, .nan, .infinity, 3])
        let frame = chart.plot.frame()
        #expect(frame.y.low < 1 && frame.y.high > 3 && frame.y.high < 4)
        _ = chart.renderImage()
        #expect(chart.svg().components(separatedBy: "<polyline").count - 1 == 2)  // [1, 2] and the legend swatch
    }

    @Test func scatterDotsSitAtTheirPoints() {
        var plot = ScatterPlot(title: "Real vs generated")
        plot.addPoints("real", x: [1, 2], y: [1, 2], color: .green)
        plot.addPoints("generated", x: [3], y: [0], color: .orange)
        plot.opacity = 1
        let image = plot.renderImage()
        let frame = plot.plot.frame()
        for (x, y, color) in [(1.0, 1.0, RGBColor.green), (2, 2, .green), (3, 0, .orange)] {
            let p = frame.point(x, y)
            #expect(image[Int(p.x), Int(p.y)] == color.components)
        }
        #expect(plot.svg().contains(">generated</text>"))
    }

    @Test func scatterAcceptsAnNBy2Tensor() {
        var plot = ScatterPlot()
        plot.addPoints("real", Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(plot.pointSets[0].x == [1, 3, 5] && plot.pointSets[0].y == [2, 4, 6])
    }

    @Test func chartFilesAreWrittenAtomically() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try straightLineChart().writePNG(to: folder.appendingPathComponent("chart.png"))
        try straightLineChart().writeSVG(to: folder.appendingPathComponent("chart.svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["chart.png", "chart.svg"])
        let error = #expect(throws: FigureError.self) {
            try straightLineChart().writeSVG(to: URL(fileURLWithPath: "/missing-folder/chart.svg"))
        }
        #expect(error?.description.contains("/missing-folder/chart.svg") == true)
    }
}

@Suite struct AxisScaleTests {
    @Test func ticksAreNiceNumbers() {
        #expect(AxisScale(low: 0, high: 1, targetCount: 5).ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(AxisScale(low: 0, high: 9876, targetCount: 8).ticks == [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000])
        #expect(AxisScale(low: -0.07, high: 0.93, targetCount: 4).ticks.first == 0)
    }

    @Test func labelsShowTheDecimalsTheStepNeeds() {
        let unit = AxisScale(low: 0, high: 1, targetCount: 5)
        #expect(unit.ticks.map(unit.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let steps = AxisScale(low: 0, high: 5000, targetCount: 5)
        #expect(steps.label(2000) == "2000")
    }

    @Test func aConstantSeriesStillGetsARange() {
        let (low, high) = AxisScale.range(dataLow: 0.5, dataHigh: 0.5, fixed: nil, margin: 0.05)
        #expect(low < 0.5 && high > 0.5)
    }

    @Test func movingAverageIsCentredAndSkipsNonFinite() {
        #expect(movingAverage([1, 2, 3, 4, 5], window: 3) == [1.5, 2, 3, 4, 4.5])
        #expect(movingAverage([1, .nan, 3], window: 3) == [1, 2, 3])
        #expect(movingAverage([1, 2], window: 1) == [1, 2])
    }
}

@Suite struct TextTests {
    @Test func glyphsAreDrawnRowByRowFromTheTopLeft() {
        var image = Image.white(width: 6, height: 9)
        image.drawText("L", x: 0, y: 0, scale: 1)
        let ink = (0..<9).map { y in String((0..<6).map { image[$0, y] == [0, 0, 0] ? "#" : "." }) }
        #expect(ink == ["#.....", "#.....", "#.....", "#.....", "#.....", "#.....", "#####.", "......", "......"])
        #expect(Image.textSize("Loss", scale: 2) == (width: 46, height: 18))
    }

    @Test func verticalTextReadsUpwards() {
        var canvas = RasterCanvas(image: .white(width: 9, height: 6))
        canvas.text("L", x: 0, y: 6, anchor: .start, scale: 1, color: .black, vertical: true)
        // Turned a quarter turn anticlockwise: the L's stem lies along the bottom row, its foot points up at x = 6.
        let ink = (0..<6).map { y in String((0..<9).map { canvas.image[$0, y] == [0, 0, 0] ? "#" : "." }) }
        #expect(ink == [".........", "......#..", "......#..", "......#..", "......#..", "#######.."])
    }
}

@Suite struct SVGTests {
    @Test func documentsAreWellFormedXML() {
        var chart = LineChart(title: "a < b & \"c\"", xLabel: "x", yLabel: "y")
        chart.addSeries("s", y: [1, 3, 2])
        var plot = ScatterPlot()
        plot.addPoints("p", x: [0, 1], y: [1, 0])
        for svg in [chart.svg(), plot.svg()] {
            #expect(XMLParser(data: Data(svg.utf8)).parse())
        }
    }
}
