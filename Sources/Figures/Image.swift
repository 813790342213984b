import TensorCore

/// An 8-bit raster image: `channels` bytes per pixel (1 gray, 3 RGB, 4 RGBA), rows top to bottom.
///
/// This is what grids and charts render to and what PNG files hold, so images can be composed
/// (grids side by side, a caption above) before they are saved.
public struct Image: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 (gray), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// `height * width * channels` bytes, row-major, channels interleaved.
    public var pixels: [UInt8]

    /// An image filled with one colour (`fill` has `channels` components).
    public init(width: Int, height: Int, channels: Int, fill: [UInt8]) {
        require(width >= 0 && height >= 0, "Image: negative size \(width)×\(height)")
        require([1, 3, 4].contains(channels), "Image: channels must be 1, 3 or 4, got \(channels)")
        require(fill.count == channels, "Image: fill has \(fill.count) components, the image has \(channels) channels")
        self.width = width
        self.height = height
        self.channels = channels
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for i in 0..<width * height { for c in 0..<channels { pixels[i * channels + c] = fill[c] } }
        self.pixels = pixels
    }

    /// An image over existing pixel bytes.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        require([1, 3, 4].contains(channels), "Image: channels must be 1, 3 or 4, got \(channels)")
        require(pixels.count == width * height * channels,
                     "Image: \(pixels.count) bytes cannot fill \(width)×\(height)×\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A white RGB image, the canvas charts start from.
    public static func white(width: Int, height: Int) -> Image {
        Image(width: width, height: height, channels: 3, fill: [255, 255, 255])
    }

    /// The channel values of the pixel in column `x`, row `y` (row 0 is the top).
    public subscript(x: Int, y: Int) -> [UInt8] {
        get {
            require(x >= 0 && x < width && y >= 0 && y < height, "Image: pixel (\(x), \(y)) is outside \(width)×\(height)")
            let start = (y * width + x) * channels
            return Array(pixels[start..<start + channels])
        }
        set {
            require(x >= 0 && x < width && y >= 0 && y < height, "Image: pixel (\(x), \(y)) is outside \(width)×\(height)")
            require(newValue.count == channels, "Image: a pixel has \(channels) channels, got \(newValue.count) values")
            let start = (y * width + x) * channels
            pixels.replaceSubrange(start..<start + channels, with: newValue)
        }
    }

    /// The same picture with `count` channels: gray is repeated into RGB, RGB is averaged into gray
    /// (ITU-R 601 luma), alpha is added as opaque or dropped.
    public func converted(toChannels count: Int) -> Image {
        if count == channels { return self }
        var out = Image(width: width, height: height, channels: count, fill: [UInt8](repeating: 255, count: count))
        for i in 0..<width * height {
            let src = i * channels
            let rgb: (UInt8, UInt8, UInt8) = channels == 1
                ? (pixels[src], pixels[src], pixels[src])
                : (pixels[src], pixels[src + 1], pixels[src + 2])
            let dst = i * count
            if count == 1 {
                let luma = 0.299 * Double(rgb.0) + 0.587 * Double(rgb.1) + 0.114 * Double(rgb.2)
                out.pixels[dst] = UInt8(luma.rounded())
            } else {
                out.pixels[dst] = rgb.0
                out.pixels[dst + 1] = rgb.1
                out.pixels[dst + 2] = rgb.2
                if count == 4 { out.pixels[dst + 3] = channels == 4 ? pixels[src + 3] : 255 }
            }
        }
        return out
    }
}
