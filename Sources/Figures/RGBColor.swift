/// An opaque 24-bit colour.
public struct RGBColor: Equatable, Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `0xRRGGBB`, e.g. `RGBColor(hex: 0x1f77b4)`.
    public init(hex: UInt32) {
        self.init(red: UInt8(hex >> 16 & 0xff), green: UInt8(hex >> 8 & 0xff), blue: UInt8(hex & 0xff))
    }

    /// The three components, for writing into RGB pixels.
    public var components: [UInt8] { [red, green, blue] }

    /// `#rrggbb`, for SVG.
    var hexString: String {
        "#" + [red, green, blue].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    public static let black = RGBColor(hex: 0x000000)
    public static let white = RGBColor(hex: 0xffffff)
    public static let blue = RGBColor(hex: 0x1f77b4)
    public static let orange = RGBColor(hex: 0xff7f0e)
    public static let green = RGBColor(hex: 0x2ca02c)
    public static let red = RGBColor(hex: 0xd62728)
    public static let purple = RGBColor(hex: 0x9467bd)
    public static let brown = RGBColor(hex: 0x8c564b)
    public static let pink = RGBColor(hex: 0xe377c2)
    public static let gray = RGBColor(hex: 0x7f7f7f)
    public static let olive = RGBColor(hex: 0xbcbd22)
    public static let cyan = RGBColor(hex: 0x17becf)

    /// Distinct colours given to series in order (matplotlib's "tab10").
    public static let palette: [RGBColor] = [.blue, .orange, .green, .red, .purple, .brown, .pink, .gray, .olive, .cyan]

    /// The series colour for position `index`, cycling through `palette`.
    static func automatic(_ index: Int) -> RGBColor { palette[index % palette.count] }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        String(repeating: pad, count: Swift.max(0, length - count)) + self
    }
}
