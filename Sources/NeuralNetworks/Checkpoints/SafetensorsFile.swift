import Foundation
import TensorCore

/// The contents of a file in the safetensors format (https://github.com/huggingface/safetensors):
///
///     8 bytes      N, the header length, unsigned little-endian
///     N bytes      a JSON object: for each tensor {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]},
///                  plus an optional "__metadata__": {"key": "value", …}; padded with spaces
///     the rest     the data section: each tensor's elements, row-major, little-endian, at its offsets
///
/// The same files are read and written by Python's `safetensors.torch.save_file` / `load_file`.
/// F32 and F64 tensors are supported.
public struct SafetensorsFile {
    /// The tensors, by name.
    public var tensors: [String: Tensor]
    /// The free-form `__metadata__` strings.
    public var metadata: [String: String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and checks a whole file. Throws `SafetensorsError` naming the file and the problem.
    public init(contentsOf url: URL) throws {
        let file = url.path
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafetensorsError.unreadable(file: file, reason: error.localizedDescription)
        }
        guard bytes.count >= 8 else {
            throw SafetensorsError.truncatedHeader(file: file, announcedHeaderBytes: 0, fileBytes: bytes.count)
        }
        let headerLength = bytes.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.truncatedHeader(file: file, announcedHeaderBytes: Int(clamping: headerLength), fileBytes: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try SafetensorsHeader(json: bytes.subdata(in: 8..<dataStart), file: file)
        let dataBytes = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header.tensors {
            guard let dtype = DType(safetensorsCode: entry.dtype) else {
                throw SafetensorsError.unsupportedDType(file: file, tensor: name, dtype: entry.dtype)
            }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafetensorsError.badHeader(file: file, reason: "tensor '\(name)' has a negative size in shape \(entry.shape)")
            }
            let (elementCount, overflow) = entry.shape.reduce((1, false)) { acc, size in
                let (product, o) = acc.0.multipliedReportingOverflow(by: size)
                return (product, acc.1 || o)
            }
            let expectedBytes = elementCount.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, !expectedBytes.overflow, entry.offsets.count == 2,
                  entry.offsets[0] >= 0, entry.offsets[0] <= entry.offsets[1], entry.offsets[1] <= dataBytes,
                  entry.offsets[1] - entry.offsets[0] == expectedBytes.partialValue else {
                throw SafetensorsError.badOffsets(file: file, tensor: name, offsets: entry.offsets,
                                                  expectedBytes: overflow ? Int.max : expectedBytes.partialValue, dataBytes: dataBytes)
            }
            let tensor = Tensor(uninitializedShape: entry.shape, dtype: dtype)
            // Little-endian hosts (x86-64, ARM64) take the bytes as they are.
            bytes.withUnsafeBytes { raw in
                let source = raw.baseAddress! + dataStart + entry.offsets[0]
                switch dtype {
                case .float32: UnsafeMutableRawPointer(tensor.pointer(Float.self)).copyMemory(from: source, byteCount: expectedBytes.partialValue)
                case .float64: UnsafeMutableRawPointer(tensor.pointer(Double.self)).copyMemory(from: source, byteCount: expectedBytes.partialValue)
                }
            }
            tensors[name] = tensor
        }
        self.init(tensors: tensors, metadata: header.metadata)
    }

    /// Writes `tensors` in the given order, atomically: a crash or an error mid-way leaves any previous file intact.
    /// Names must be unique and must not be `__metadata__`.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL) throws {
        try writeAtomically(encode(tensors, metadata: metadata), to: url)
    }

    /// The bytes of a safetensors file holding `tensors`, in the given order.
    static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        require(Set(tensors.map(\.name)).count == tensors.count, "saveSafetensors: tensor names must be unique")
        require(!tensors.contains { $0.name == SafetensorsHeader.metadataKey }, "saveSafetensors: '__metadata__' is reserved")
        var header = SafetensorsHeader(tensors: [:], metadata: metadata)
        var offset = 0
        for (name, tensor) in tensors {
            let length = tensor.count * tensor.dtype.byteSize
            header.tensors[name] = .init(dtype: tensor.dtype.safetensorsCode, shape: tensor.shape, offsets: [offset, offset + length])
            offset += length
        }
        var json = header.encoded()
        json.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for (_, tensor) in tensors {
            let start = tensor.dtype == .float32 ? UnsafeRawPointer(tensor.pointer(Float.self)) : UnsafeRawPointer(tensor.pointer(Double.self))
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: start, count: tensor.count * tensor.dtype.byteSize))
        }
        return bytes
    }
}

/// Writes `tensors` (and optional string metadata) to a safetensors file, atomically.
public func saveSafetensors(_ tensors: [(String, Tensor)], metadata: [String: String] = [:], to url: URL) throws {
    try SafetensorsFile.write(tensors.map { (name: $0.0, tensor: $0.1) }, metadata: metadata, to: url)
}

/// Reads every tensor of a safetensors file, by name.
public func loadSafetensors(from url: URL) throws -> [String: Tensor] {
    try SafetensorsFile(contentsOf: url).tensors
}

/// Fills existing tensors (a model's parameters and buffers) in place from a safetensors file, by name.
///
/// Throws `SafetensorsError.missingTensor` if a name is absent and `.shapeMismatch` if a shape differs;
/// nothing is changed unless every tensor fits. Values stored as F64 are rounded into F32 tensors and vice versa.
/// Returns the file's metadata.
@discardableResult
public func loadSafetensors(into namedTensors: [(name: String, tensor: Tensor)], from url: URL) throws -> [String: String] {
    let file = try SafetensorsFile(contentsOf: url)
    try file.fill(namedTensors, fileName: url.path)
    return file.metadata
}

extension SafetensorsFile {
    /// Copies the tensors called as in `namedTensors` into them, after checking that all are present with the right shapes.
    func fill(_ namedTensors: [(name: String, tensor: Tensor)], fileName: String) throws {
        try check(namedTensors, fileName: fileName)
        withNoGrad {
            for (name, target) in namedTensors { target.copy(from: tensors[name]!.to(target.dtype)) }
        }
    }

    /// Throws unless every name in `namedTensors` is in the file with the same shape.
    func check(_ namedTensors: [(name: String, tensor: Tensor)], fileName: String) throws {
        for (name, target) in namedTensors {
            guard let source = tensors[name] else {
                throw SafetensorsError.missingTensor(file: fileName, tensor: name, available: tensors.keys.sorted())
            }
            guard source.shape == target.shape else {
                throw SafetensorsError.shapeMismatch(file: fileName, tensor: name, expected: target.shape, found: source.shape)
            }
        }
    }
}

extension DType {
    /// The dtype's name in a safetensors header.
    var safetensorsCode: String { self == .float32 ? "F32" : "F64" }

    init?(safetensorsCode: String) {
        switch safetensorsCode {
        case "F32": self = .float32
        case "F64": self = .float64
        default: return nil
        }
    }
}
