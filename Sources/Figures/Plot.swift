/// One thing drawn in a plot: a line through points or a cloud of dots.
struct PlotMark {
    enum Style {
        case line(width: Double)
        case dots(radius: Double)
    }
    var name: String
    var x: [Double]
    var y: [Double]
    var color: RGBColor
    var style: Style
    var opacity: Double = 1
    /// Marks drawn only for context (e.g. a raw curve behind its smoothed version) stay out of the legend.
    var inLegend = true
}

/// The layout and drawing shared by `LineChart` and `ScatterPlot`: title, legend, axes with nice
/// ticks and a light grid, and the marks clipped to the plot area.
struct Plot {
    var title: String
    var xLabel: String
    var yLabel: String
    var width: Int
    var height: Int
    var xRange: ClosedRange<Double>?
    var yRange: ClosedRange<Double>?
    /// Extra room around the data, as a fraction of its span (0 for x of a training curve).
    var xMargin: Double
    var yMargin: Double
    var marks: [PlotMark]

    static let textScale = 2
    static let titleScale = 3
    static let outerMargin = 16.0
    static let tickLength = 5.0
    static let gridColor = RGBColor(hex: 0xe5e5e5)
    static let frameColor = RGBColor(hex: 0x555555)
    static let textColor = RGBColor(hex: 0x222222)
    var lineHeight: Double { Double(BitmapFont.lineHeight * Self.textScale) }

    /// Where the axes' box sits and how data maps into it.
    struct Frame {
        let area: Rect
        let x: AxisScale
        let y: AxisScale
        func point(_ dx: Double, _ dy: Double) -> Point {
            Point(x: area.x + (dx - x.low) / (x.high - x.low) * area.width,
                  y: area.maxY - (dy - y.low) / (y.high - y.low) * area.height)
        }
    }

    private func dataExtent(_ values: KeyPath<PlotMark, [Double]>) -> (Double, Double) {
        var low = Double.infinity, high = -Double.infinity
        for mark in marks { for v in mark[keyPath: values] where v.isFinite { low = min(low, v); high = max(high, v) } }
        return (low, high)
    }

    /// Legend entries split into rows that fit the width.
    private func legendRows() -> [[PlotMark]] {
        let available = Double(width) - 2 * Self.outerMargin
        var rows: [[PlotMark]] = []
        var rowWidth = 0.0
        for mark in marks where mark.inLegend && !mark.name.isEmpty {
            let entry = Self.legendEntryWidth(mark)
            if rows.isEmpty || rowWidth + entry > available { rows.append([]); rowWidth = 0 }
            rows[rows.count - 1].append(mark)
            rowWidth += entry
        }
        return rows
    }

    private static let swatchWidth = 24.0
    private static let legendGap = 24.0
    private static func legendEntryWidth(_ mark: PlotMark) -> Double {
        swatchWidth + 6 + Double(BitmapFont.width(of: mark.name, scale: textScale)) + legendGap
    }

    /// Computes the plot area from the text around it, then the scales inside it.
    func frame() -> Frame {
        var top = Self.outerMargin
        if !title.isEmpty { top += Double(BitmapFont.lineHeight * Self.titleScale) + 8 }
        top += Double(legendRows().count) * (lineHeight + 4) + 8
        let bottom = Self.outerMargin + (xLabel.isEmpty ? 0 : lineHeight + 6) + lineHeight + Self.tickLength + 4
        let plotHeight = max(10, Double(height) - top - bottom)
        let (yl, yh) = dataExtent(\.y)
        let (y0, y1) = AxisScale.range(dataLow: yl, dataHigh: yh, fixed: yRange, margin: yMargin)
        let yScale = AxisScale(low: y0, high: y1, targetCount: max(2, Int(plotHeight / 60)))
        let widestTick = yScale.ticks.map { BitmapFont.width(of: yScale.label($0), scale: Self.textScale) }.max() ?? 0
        let left = Self.outerMargin + (yLabel.isEmpty ? 0 : lineHeight + 8) + Double(widestTick) + Self.tickLength + 4
        let (xl, xh) = dataExtent(\.x)
        let (x0, x1) = AxisScale.range(dataLow: xl, dataHigh: xh, fixed: xRange, margin: xMargin)
        // Leave room on the right for half of a tick label at the right edge.
        let guessWidth = max(10, Double(width) - left - Self.outerMargin)
        let guess = AxisScale(low: x0, high: x1, targetCount: max(2, Int(guessWidth / 110)))
        let lastLabel = guess.ticks.last.map { Double(BitmapFont.width(of: guess.label($0), scale: Self.textScale)) / 2 } ?? 0
        let right = Self.outerMargin + max(8, lastLabel)
        let plotWidth = max(10, Double(width) - left - right)
        let xScale = AxisScale(low: x0, high: x1, targetCount: max(2, Int(plotWidth / 110)))
        return Frame(area: Rect(x: left, y: top, width: plotWidth, height: plotHeight), x: xScale, y: yScale)
    }

    func draw<Surface: DrawingSurface>(on surface: inout Surface) {
        let frame = frame()
        let area = frame.area
        surface.fillRect(Rect(x: 0, y: 0, width: Double(width), height: Double(height)), color: .white)
        // Grid lines at the ticks, one pixel wide, on pixel boundaries.
        for t in frame.x.ticks {
            let px = frame.point(t, frame.y.low).x.rounded(.down)
            surface.fillRect(Rect(x: px, y: area.y, width: 1, height: area.height), color: Self.gridColor)
            surface.fillRect(Rect(x: px, y: area.maxY, width: 1, height: Self.tickLength), color: Self.frameColor)
            surface.text(frame.x.label(t), x: px + 0.5, y: area.maxY + Self.tickLength + 4, anchor: .middle,
                         scale: Self.textScale, color: Self.textColor, vertical: false)
        }
        for t in frame.y.ticks {
            let py = frame.point(frame.x.low, t).y.rounded(.down)
            surface.fillRect(Rect(x: area.x, y: py, width: area.width, height: 1), color: Self.gridColor)
            surface.fillRect(Rect(x: area.x - Self.tickLength, y: py, width: Self.tickLength, height: 1), color: Self.frameColor)
            surface.text(frame.y.label(t), x: area.x - Self.tickLength - 4, y: py + 0.5 - Double(BitmapFont.ascent * Self.textScale) / 2,
                         anchor: .end, scale: Self.textScale, color: Self.textColor, vertical: false)
        }
        for mark in marks {
            let points = zip(mark.x, mark.y).map { frame.point($0, $1) }
            switch mark.style {
            case let .line(width):
                surface.polyline(points, color: mark.color, width: width, opacity: mark.opacity, clip: area)
            case let .dots(radius):
                for p in points { surface.disc(center: p, radius: radius, color: mark.color, opacity: mark.opacity, clip: area) }
            }
        }
        drawFrameBorder(area, on: &surface)
        drawText(area, on: &surface)
    }

    private func drawFrameBorder<Surface: DrawingSurface>(_ area: Rect, on surface: inout Surface) {
        let x0 = area.x.rounded(.down) - 1, y0 = area.y.rounded(.down) - 1
        let x1 = area.maxX.rounded(.up), y1 = area.maxY.rounded(.up)
        surface.fillRect(Rect(x: x0, y: y0, width: x1 - x0 + 1, height: 1), color: Self.frameColor)
        surface.fillRect(Rect(x: x0, y: y1, width: x1 - x0 + 1, height: 1), color: Self.frameColor)
        surface.fillRect(Rect(x: x0, y: y0, width: 1, height: y1 - y0 + 1), color: Self.frameColor)
        surface.fillRect(Rect(x: x1, y: y0, width: 1, height: y1 - y0 + 1), color: Self.frameColor)
    }

    private func drawText<Surface: DrawingSurface>(_ area: Rect, on surface: inout Surface) {
        var y = Self.outerMargin
        if !title.isEmpty {
            surface.text(title, x: Double(width) / 2, y: y, anchor: .middle, scale: Self.titleScale,
                         color: Self.textColor, vertical: false)
            y += Double(BitmapFont.lineHeight * Self.titleScale) + 8
        }
        for row in legendRows() {
            var x = (Double(width) - row.map(Self.legendEntryWidth).reduce(0, +) + Self.legendGap) / 2
            let middle = y + Double(BitmapFont.ascent * Self.textScale) / 2
            for mark in row {
                let swatch = Rect(x: x, y: middle - 6, width: Self.swatchWidth, height: 12)
                switch mark.style {
                case .line:
                    surface.polyline([Point(x: x, y: middle), Point(x: x + Self.swatchWidth, y: middle)],
                                     color: mark.color, width: 3, opacity: 1, clip: swatch)
                case .dots:
                    surface.disc(center: Point(x: x + Self.swatchWidth / 2, y: middle), radius: 5,
                                 color: mark.color, opacity: 1, clip: swatch)
                }
                surface.text(mark.name, x: x + Self.swatchWidth + 6, y: y, anchor: .start, scale: Self.textScale,
                             color: Self.textColor, vertical: false)
                x += Self.legendEntryWidth(mark)
            }
            y += lineHeight + 4
        }
        if !xLabel.isEmpty {
            surface.text(xLabel, x: area.x + area.width / 2, y: Double(height) - Self.outerMargin - lineHeight,
                         anchor: .middle, scale: Self.textScale, color: Self.textColor, vertical: false)
        }
        if !yLabel.isEmpty {
            surface.text(yLabel, x: Self.outerMargin, y: area.y + area.height / 2, anchor: .middle,
                         scale: Self.textScale, color: Self.textColor, vertical: true)
        }
    }

    /// The plot as an RGB image.
    func renderImage() -> Image {
        var canvas = RasterCanvas(image: .white(width: width, height: height))
        draw(on: &canvas)
        return canvas.image
    }

    /// The plot as an SVG document.
    func svg() -> String {
        var canvas = SVGCanvas(width: width, height: height)
        draw(on: &canvas)
        return canvas.document
    }
}
