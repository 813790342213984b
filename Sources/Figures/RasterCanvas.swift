import TensorCore

/// Draws onto an RGB `Image` with anti-aliased lines and discs and crisp bitmap text.
struct RasterCanvas: DrawingSurface {
    var image: Image

    init(image: Image) {
        require(image.channels == 3, "RasterCanvas draws on RGB images, got \(image.channels) channels")
        self.image = image
    }

    /// The pixel columns and rows whose centres lie in `rect`, clipped to the image.
    private func pixelBounds(_ rect: Rect) -> (x: Range<Int>, y: Range<Int>) {
        func span(_ low: Double, _ high: Double, _ limit: Int) -> Range<Int> {
            guard low.isFinite, high.isFinite else { return 0..<0 }
            let a = Int(max(0, min(Double(limit), (low - 0.5).rounded(.up))))
            let b = Int(max(0, min(Double(limit), (high - 0.5).rounded(.up))))
            return a..<max(a, b)
        }
        return (span(rect.x, rect.maxX, image.width), span(rect.y, rect.maxY, image.height))
    }

    mutating func fillRect(_ rect: Rect, color: RGBColor) {
        let (xs, ys) = pixelBounds(rect)
        let width = image.width
        image.pixels.withUnsafeMutableBufferPointer { p in
            for y in ys {
                for x in xs {
                    let i = (y * width + x) * 3
                    p[i] = color.red; p[i + 1] = color.green; p[i + 2] = color.blue
                }
            }
        }
    }

    /// Mixes `color` into the pixel at flat index `i` with weight `alpha`.
    @inline(__always)
    private static func blend(_ p: UnsafeMutableBufferPointer<UInt8>, _ i: Int, _ color: RGBColor, _ alpha: Double) {
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Double(old) * (1 - alpha) + Double(new) * alpha).rounded()) }
        p[i] = mix(p[i], color.red)
        p[i + 1] = mix(p[i + 1], color.green)
        p[i + 2] = mix(p[i + 2], color.blue)
    }

    /// Each pixel's coverage is the largest over all segments (so joints are not painted twice),
    /// then the colour is blended in once.
    mutating func polyline(_ points: [Point], color: RGBColor, width: Double, opacity: Double, clip: Rect) {
        let (xs, ys) = pixelBounds(clip)
        guard !xs.isEmpty, !ys.isEmpty, points.count >= 2 else { return }
        var coverage = [Float](repeating: 0, count: xs.count * ys.count)
        let half = width / 2
        coverage.withUnsafeMutableBufferPointer { cov in
            for k in 1..<points.count {
                let a = points[k - 1], b = points[k]
                guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { continue }
                let box = Rect(x: min(a.x, b.x) - half - 1, y: min(a.y, b.y) - half - 1,
                               width: abs(b.x - a.x) + width + 2, height: abs(b.y - a.y) + width + 2)
                let (sx, sy) = pixelBounds(box)
                let bx = sx.clamped(to: xs), by = sy.clamped(to: ys)
                guard !bx.isEmpty, !by.isEmpty else { continue }
                let dx = b.x - a.x, dy = b.y - a.y
                let lengthSquared = dx * dx + dy * dy
                for y in by {
                    let cy = Double(y) + 0.5
                    for x in bx {
                        let cx = Double(x) + 0.5
                        var t = lengthSquared > 0 ? ((cx - a.x) * dx + (cy - a.y) * dy) / lengthSquared : 0
                        t = min(1, max(0, t))
                        let ex = cx - (a.x + t * dx), ey = cy - (a.y + t * dy)
                        let c = Float(min(1, max(0, half + 0.5 - (ex * ex + ey * ey).squareRoot())))
                        let j = (y - ys.lowerBound) * xs.count + (x - xs.lowerBound)
                        if c > cov[j] { cov[j] = c }
                    }
                }
            }
        }
        let imageWidth = image.width
        image.pixels.withUnsafeMutableBufferPointer { p in
            for y in ys {
                for x in xs {
                    let c = coverage[(y - ys.lowerBound) * xs.count + (x - xs.lowerBound)]
                    if c > 0 { Self.blend(p, (y * imageWidth + x) * 3, color, Double(c) * opacity) }
                }
            }
        }
    }

    mutating func disc(center: Point, radius: Double, color: RGBColor, opacity: Double, clip: Rect) {
        guard center.x.isFinite, center.y.isFinite else { return }
        let (cxs, cys) = pixelBounds(clip)
        let (bxs, bys) = pixelBounds(Rect(x: center.x - radius - 1, y: center.y - radius - 1,
                                          width: 2 * radius + 2, height: 2 * radius + 2))
        let xs = bxs.clamped(to: cxs), ys = bys.clamped(to: cys)
        let width = image.width
        image.pixels.withUnsafeMutableBufferPointer { p in
            for y in ys {
                for x in xs {
                    let dx = Double(x) + 0.5 - center.x, dy = Double(y) + 0.5 - center.y
                    let c = min(1, max(0, radius + 0.5 - (dx * dx + dy * dy).squareRoot()))
                    if c > 0 { Self.blend(p, (y * width + x) * 3, color, c * opacity) }
                }
            }
        }
    }

    mutating func text(_ string: String, x: Double, y: Double, anchor: TextAnchor, scale: Int,
                       color: RGBColor, vertical: Bool) {
        let length = Double(BitmapFont.width(of: string, scale: scale))
        let shift = anchor == .start ? 0 : anchor == .middle ? length / 2 : length
        // Position along the text direction, and the text's top edge, in whole pixels.
        let along = Int((vertical ? y + shift : x - shift).rounded())
        let top = Int((vertical ? x : y).rounded())
        for (index, character) in string.enumerated() {
            for (row, bits) in BitmapFont.rows(of: character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits >> (BitmapFont.glyphWidth - 1 - column) & 1 == 1 {
                    let u = (index * BitmapFont.advance + column) * scale
                    let v = row * scale
                    let block = vertical
                        ? Rect(x: Double(top + v), y: Double(along - u - scale), width: Double(scale), height: Double(scale))
                        : Rect(x: Double(along + u), y: Double(top + v), width: Double(scale), height: Double(scale))
                    fillRect(block, color: color)
                }
            }
        }
    }
}

extension Image {
    /// Draws `text` in the built-in 5×7 pixel font, each font pixel `scale`×`scale` image pixels,
    /// with the top-left corner of the first letter at (`x`, `y`). The image must be RGB.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 2, color: RGBColor = .black) {
        var canvas = RasterCanvas(image: self)
        canvas.text(text, x: Double(x), y: Double(y), anchor: .start, scale: scale, color: color, vertical: false)
        self = canvas.image
    }

    /// The size in pixels of `text` drawn by `drawText` at `scale` (height includes descenders).
    public static func textSize(_ text: String, scale: Int = 2) -> (width: Int, height: Int) {
        (BitmapFont.width(of: text, scale: scale), BitmapFont.lineHeight * scale)
    }
}
