import TensorCore

/// Building bigger pictures from smaller ones: enlarging, placing, side by side, captions.
extension Image {
    /// Each pixel repeated `factor`×`factor` times (nearest neighbour), so a 28×28 digit stays sharp.
    public func upscaled(by factor: Int) -> Image {
        require(factor >= 1, "upscaled(by:): factor must be at least 1, got \(factor)")
        if factor == 1 { return self }
        let newWidth = width * factor
        var out = [UInt8](repeating: 0, count: newWidth * height * factor * channels)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height * factor {
                    let srcRow = (y / factor) * width * channels
                    let dstRow = y * newWidth * channels
                    for x in 0..<newWidth {
                        let s = srcRow + (x / factor) * channels, d = dstRow + x * channels
                        for c in 0..<channels { dst[d + c] = src[s + c] }
                    }
                }
            }
        }
        return Image(width: newWidth, height: height * factor, channels: channels, pixels: out)
    }

    /// Copies `other` (converted to this image's channels) with its top-left corner at (`x`, `y`);
    /// parts falling outside are cut off.
    public mutating func place(_ other: Image, x: Int, y: Int) {
        let source = other.converted(toChannels: channels)
        for row in max(0, -y)..<min(source.height, height - y) {
            let columns = max(0, -x)..<min(source.width, width - x)
            guard !columns.isEmpty else { continue }
            let from = (row * source.width + columns.lowerBound) * channels
            let to = ((y + row) * width + x + columns.lowerBound) * channels
            pixels.replaceSubrange(to..<to + columns.count * channels,
                                   with: source.pixels[from..<from + columns.count * channels])
        }
    }

    /// Images side by side, top-aligned, `spacing` pixels apart, on an RGB background.
    public static func row(_ images: [Image], spacing: Int = 8, background: RGBColor = .white) -> Image {
        let width = images.map(\.width).reduce(0, +) + spacing * max(0, images.count - 1)
        var out = Image(width: width, height: images.map(\.height).max() ?? 0, channels: 3, fill: background.components)
        var x = 0
        for image in images {
            out.place(image, x: x, y: 0)
            x += image.width + spacing
        }
        return out
    }

    /// Images one below the other, left-aligned, `spacing` pixels apart, on an RGB background.
    public static func column(_ images: [Image], spacing: Int = 8, background: RGBColor = .white) -> Image {
        let height = images.map(\.height).reduce(0, +) + spacing * max(0, images.count - 1)
        var out = Image(width: images.map(\.width).max() ?? 0, height: height, channels: 3, fill: background.components)
        var y = 0
        for image in images {
            out.place(image, x: 0, y: y)
            y += image.height + spacing
        }
        return out
    }

    /// The image (as RGB) below a band holding `text`, centred; the band widens the image if the text needs it.
    public func captioned(_ text: String, scale: Int = 2, color: RGBColor = .black, background: RGBColor = .white) -> Image {
        let size = Image.textSize(text, scale: scale)
        let band = size.height + 2 * scale
        let width = max(self.width, size.width + 4 * scale)
        var out = Image(width: width, height: height + band, channels: 3, fill: background.components)
        out.drawText(text, x: (width - size.width) / 2, y: scale, scale: scale, color: color)
        out.place(self, x: (width - self.width) / 2, y: band)
        return out
    }
}
