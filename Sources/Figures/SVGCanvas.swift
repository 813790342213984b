import Foundation

/// Records drawing operations as SVG elements; text stays text (monospace, sized to match the bitmap font).
struct SVGCanvas: DrawingSurface {
    let width: Int
    let height: Int
    private var elements: [String] = []
    private var clipIDs: [String: String] = [:]
    private var definitions: [String] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The finished document.
    var document: String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"]
        if !definitions.isEmpty { lines.append("<defs>" + definitions.joined() + "</defs>") }
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func number(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The id of a clip path for `rect`, defining it on first use.
    private mutating func clipID(_ rect: Rect) -> String {
        let key = [rect.x, rect.y, rect.width, rect.height].map(Self.number).joined(separator: " ")
        if let id = clipIDs[key] { return id }
        let id = "clip\(clipIDs.count)"
        clipIDs[key] = id
        definitions.append("<clipPath id=\"\(id)\"><rect x=\"\(Self.number(rect.x))\" y=\"\(Self.number(rect.y))\" width=\"\(Self.number(rect.width))\" height=\"\(Self.number(rect.height))\"/></clipPath>")
        return id
    }

    mutating func fillRect(_ rect: Rect, color: RGBColor) {
        elements.append("<rect x=\"\(Self.number(rect.x))\" y=\"\(Self.number(rect.y))\" width=\"\(Self.number(rect.width))\" height=\"\(Self.number(rect.height))\" fill=\"\(color.hexString)\"/>")
    }

    mutating func polyline(_ points: [Point], color: RGBColor, width: Double, opacity: Double, clip: Rect) {
        let id = clipID(clip)
        // A non-finite point ends one polyline and starts the next.
        var runs: [[Point]] = [[]]
        for p in points {
            if p.x.isFinite && p.y.isFinite { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where run.count >= 2 {
            let coordinates = run.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
            elements.append("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color.hexString)\" stroke-width=\"\(Self.number(width))\" stroke-opacity=\"\(Self.number(opacity))\" stroke-linejoin=\"round\" stroke-linecap=\"round\" clip-path=\"url(#\(id))\"/>")
        }
    }

    mutating func disc(center: Point, radius: Double, color: RGBColor, opacity: Double, clip: Rect) {
        guard center.x.isFinite, center.y.isFinite else { return }
        let id = clipID(clip)
        elements.append("<circle cx=\"\(Self.number(center.x))\" cy=\"\(Self.number(center.y))\" r=\"\(Self.number(radius))\" fill=\"\(color.hexString)\" fill-opacity=\"\(Self.number(opacity))\" clip-path=\"url(#\(id))\"/>")
    }

    mutating func text(_ string: String, x: Double, y: Double, anchor: TextAnchor, scale: Int,
                       color: RGBColor, vertical: Bool) {
        // A monospace font at 10 units per em advances 6 units per character, like the bitmap font.
        let size = Double(10 * scale)
        let baseline = Double(BitmapFont.ascent * scale)
        let anchorName = anchor == .start ? "start" : anchor == .middle ? "middle" : "end"
        let escaped = string.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        let (px, py) = vertical ? (x + baseline, y) : (x, y + baseline)
        let rotation = vertical ? " transform=\"rotate(-90 \(Self.number(px)) \(Self.number(py)))\"" : ""
        elements.append("<text x=\"\(Self.number(px))\" y=\"\(Self.number(py))\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"\(Self.number(size))\" fill=\"\(color.hexString)\" text-anchor=\"\(anchorName)\"\(rotation)>\(escaped)</text>")
    }
}
