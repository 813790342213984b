import CPNG
import Foundation

/// PNG encoding and decoding through libpng's simplified API (`png_image_*`), which reports
/// errors by return value and message instead of `longjmp`, so it is safe to call from Swift.
extension Image {
    /// The image as an 8-bit PNG data stream (gray, RGB or RGBA as `channels` says).
    public func pngData() throws -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = Self.pngFormat(channels: channels)
        var size: png_alloc_size_t = 0
        let rowStride = png_int_32(width * channels)
        // First ask for the size, then encode into a buffer of that size.
        let sized = pixels.withUnsafeBytes {
            png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, rowStride, nil)
        }
        guard sized != 0 else { throw FigureError.cannotWrite(path: "(PNG in memory)", reason: Self.message(of: &image)) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let written = bytes.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, rowStride, nil) }
        }
        guard written != 0 else { throw FigureError.cannotWrite(path: "(PNG in memory)", reason: Self.message(of: &image)) }
        return Array(bytes[0..<Int(size)])
    }

    /// Saves the image as a PNG file, atomically (a temporary file in the same folder, then a rename).
    public func writePNG(to url: URL) throws {
        let bytes: [UInt8]
        do { bytes = try pngData() } catch FigureError.cannotWrite(_, let reason) {
            throw FigureError.cannotWrite(path: url.path, reason: reason)
        }
        try AtomicFile.write(bytes, to: url)
    }

    /// Decodes a PNG data stream. Gray files give 1 channel, colour files 3, files with
    /// transparency 4 (RGBA); 16-bit files are reduced to 8 bits. `path` names the source in errors.
    public init(pngData data: [UInt8], path: String = "(PNG in memory)") throws {
        // libpng keeps reading from `data` until `finish_read`, so both calls share one pointer scope.
        self = try data.withUnsafeBytes { memory in
            var image = png_image()
            image.version = png_uint_32(PNG_IMAGE_VERSION)
            guard png_image_begin_read_from_memory(&image, memory.baseAddress, memory.count) != 0 else {
                throw FigureError.invalidContents(path: path, expected: "a PNG image", found: Self.message(of: &image))
            }
            defer { png_image_free(&image) }
            let hasAlpha = image.format & png_uint_32(PNG_FORMAT_FLAG_ALPHA) != 0
            let hasColor = image.format & png_uint_32(PNG_FORMAT_FLAG_COLOR) != 0
            let channels = hasAlpha ? 4 : hasColor ? 3 : 1
            image.format = Self.pngFormat(channels: channels)
            let width = Int(image.width), height = Int(image.height)
            var pixels = [UInt8](repeating: 0, count: width * height * channels)
            let finished = pixels.withUnsafeMutableBytes {
                png_image_finish_read(&image, nil, $0.baseAddress, png_int_32(width * channels), nil)
            }
            guard finished != 0 else {
                throw FigureError.invalidContents(path: path, expected: "a complete PNG image", found: Self.message(of: &image))
            }
            return Image(width: width, height: height, channels: channels, pixels: pixels)
        }
    }

    /// Loads a PNG file (see `init(pngData:path:)` for the channels you get).
    public init(pngFile url: URL) throws {
        try self.init(pngData: try AtomicFile.read(url), path: url.path)
    }

    private static func pngFormat(channels: Int) -> png_uint_32 {
        switch channels {
        case 1: png_uint_32(PNG_FORMAT_GRAY)
        case 3: png_uint_32(PNG_FORMAT_FLAG_COLOR)
        default: png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        }
    }

    /// libpng's message for the last failure, as a Swift string.
    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng reported an error" : "libpng: \(text)"
    }
}
