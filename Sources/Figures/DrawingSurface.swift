/// A point in pixel coordinates: x to the right, y downwards, (0, 0) at the top-left corner.
struct Point {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in pixel coordinates.
struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// Where a line of text sits relative to the x it is drawn at.
enum TextAnchor {
    case start, middle, end
}

/// The drawing operations charts are made of. The same layout code draws onto a raster canvas
/// (for PNG) and into an SVG document, so both outputs show the same picture.
///
/// Text uses the bitmap font's metrics: a line is `BitmapFont.lineHeight * scale` pixels tall,
/// and `y` is the top of that line.
protocol DrawingSurface {
    mutating func fillRect(_ rect: Rect, color: RGBColor)
    /// Joins consecutive points with straight segments; a non-finite point breaks the line.
    mutating func polyline(_ points: [Point], color: RGBColor, width: Double, opacity: Double, clip: Rect)
    mutating func disc(center: Point, radius: Double, color: RGBColor, opacity: Double, clip: Rect)
    /// Horizontal text with its top at `y`, or, when `vertical`, text reading upwards whose top
    /// faces left at `x` and whose anchor is measured along y.
    mutating func text(_ string: String, x: Double, y: Double, anchor: TextAnchor, scale: Int,
                       color: RGBColor, vertical: Bool)
}
