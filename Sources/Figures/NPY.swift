import Foundation
import TensorCore

/// NumPy's `.npy` format (version 1.0), so tensors can be checked or plotted with `numpy.load`.
///
/// A file is the magic `\x93NUMPY`, the version bytes 1 and 0, a little-endian 16-bit header
/// length, a Python dict literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (16, 1, 28, 28), }`
/// padded with spaces and a final newline so the data starts at a multiple of 64 bytes, then the
/// elements in row-major order: `<f4` (float32) or `<f8` (float64), little-endian.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The bytes of a `.npy` file holding `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let descr = tensor.dtype == .float32 ? "<f4" : "<f8"
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // magic (6) + version (2) + length (2) + header + "\n" must be a multiple of 64.
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        var bytes = magic + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(header.utf8)
        let byteCount = tensor.count * tensor.dtype.byteSize
        // Tensors are stored in the host's order; every platform Swift runs this package on is little-endian.
        switch tensor.dtype {
        case .float32: bytes += UnsafeRawBufferPointer(start: tensor.pointer(Float.self), count: byteCount)
        case .float64: bytes += UnsafeRawBufferPointer(start: tensor.pointer(Double.self), count: byteCount)
        }
        return bytes
    }

    /// Saves `tensor` as a `.npy` file, atomically.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try AtomicFile.write(encode(tensor), to: url)
    }

    /// Loads a `.npy` file of float32 or float64 values in C order.
    public static func read(from url: URL) throws -> Tensor {
        try decode(AtomicFile.read(url), path: url.path)
    }

    /// Parses `.npy` bytes; `path` names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String = "(npy in memory)") throws -> Tensor {
        func fail(_ expected: String, _ found: String) -> FigureError {
            .invalidContents(path: path, expected: expected, found: found)
        }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("the .npy magic \\x93NUMPY", "\(bytes.prefix(6).map { String(format: "%02x", $0) }.joined(separator: " "))")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard [1, 2, 3].contains(major), bytes.count >= 8 + lengthBytes else {
            throw fail("format version 1.0, 2.0 or 3.0", "version \(major).\(bytes[7])")
        }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let dataStart = 8 + lengthBytes + headerLength
        guard bytes.count >= dataStart else {
            throw fail("a header of \(headerLength) bytes", "a file of \(bytes.count) bytes")
        }
        let header = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        guard let descr = value(of: "descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")),
              let order = value(of: "fortran_order", in: header),
              let shapeText = value(of: "shape", in: header) else {
            throw fail("a header dict with descr, fortran_order and shape", header.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard descr == "<f4" || descr == "<f8" else { throw fail("descr '<f4' or '<f8'", "'\(descr)'") }
        guard order == "False" else { throw fail("fortran_order False (C order)", "fortran_order \(order)") }
        let parts = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let dims = parts.compactMap { Int($0) }
        guard dims.count == parts.count, dims.allSatisfy({ $0 >= 0 }) else { throw fail("a shape of integers", shapeText) }
        let dtype: DType = descr == "<f4" ? .float32 : .float64
        let count = dims.reduce(1, *)
        guard bytes.count - dataStart == count * dtype.byteSize else {
            throw fail("\(count * dtype.byteSize) data bytes for shape \(dims) of \(descr)", "\(bytes.count - dataStart) bytes")
        }
        let tensor = Tensor(uninitializedShape: dims, dtype: dtype)
        guard count > 0 else { return tensor }
        bytes.withUnsafeBytes { raw in
            let source = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
            switch dtype {
            case .float32: UnsafeMutableRawPointer(tensor.pointer(Float.self)).copyMemory(from: source.baseAddress!, byteCount: source.count)
            case .float64: UnsafeMutableRawPointer(tensor.pointer(Double.self)).copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        }
        return tensor
    }

    /// The text after `'key':` up to the next top-level comma (commas inside parentheses belong to the value).
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var result = ""
        for character in header[keyRange.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if (character == "," && depth == 0) || character == "}" { break }
            result.append(character)
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
