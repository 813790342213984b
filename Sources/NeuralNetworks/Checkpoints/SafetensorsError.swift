import Foundation

/// Why a safetensors file could not be read, written, or loaded into a model.
/// Every message names the file and says what was expected and what was found.
public enum SafetensorsError: LocalizedError, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is shorter than its 8-byte header length, or than the header length it announces.
    case truncatedHeader(file: String, announcedHeaderBytes: Int, fileBytes: Int)
    /// The header is not a JSON object of tensor entries (and an optional `__metadata__` string map).
    case badHeader(file: String, reason: String)
    /// A tensor is stored in a type other than F32 or F64.
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A tensor's `data_offsets` do not describe a slice of the data section of the right length.
    case badOffsets(file: String, tensor: String, offsets: [Int], expectedBytes: Int, dataBytes: Int)
    /// A tensor the model needs is not in the file.
    case missingTensor(file: String, tensor: String, available: [String])
    /// A tensor in the file has a different shape than the model's.
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    /// The file could not be written (the previous file, if any, is left untouched).
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the safetensors file: \(reason)"
        case let .truncatedHeader(file, announced, size):
            return "\(file): truncated safetensors header: expected 8 + \(announced) header bytes, the file has \(size) bytes"
        case let .badHeader(file, reason):
            return "\(file): bad safetensors header: \(reason)"
        case let .unsupportedDType(file, tensor, dtype):
            return "\(file): tensor '\(tensor)' has dtype \(dtype), expected F32 or F64"
        case let .badOffsets(file, tensor, offsets, expected, dataBytes):
            return "\(file): tensor '\(tensor)' has data_offsets \(offsets), expected a range of \(expected) bytes inside the \(dataBytes)-byte data section"
        case let .missingTensor(file, tensor, available):
            let shown = available.prefix(8).joined(separator: ", ") + (available.count > 8 ? ", …" : "")
            return "\(file): tensor '\(tensor)' is missing (the file holds \(available.count) tensors: \(shown))"
        case let .shapeMismatch(file, tensor, expected, found):
            return "\(file): tensor '\(tensor)' has shape \(found), expected \(expected)"
        case let .unwritable(file, reason):
            return "\(file): cannot write the safetensors file: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
