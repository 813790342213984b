import Foundation

/// The JSON header of a safetensors file: one entry per tensor, plus optional `__metadata__` strings.
struct SafetensorsHeader {
    static let metadataKey = "__metadata__"

    /// Where one tensor lives in the data section.
    struct Entry: Codable, Equatable {
        var dtype: String
        var shape: [Int]
        /// Byte range `[begin, end)` relative to the start of the data section.
        var offsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case offsets = "data_offsets"
        }
    }

    var tensors: [String: Entry]
    var metadata: [String: String]

    init(tensors: [String: Entry], metadata: [String: String]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Parses the header bytes; `file` names the file in errors.
    init(json: Data, file: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw SafetensorsError.badHeader(file: file, reason: "the \(json.count) header bytes are not valid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw SafetensorsError.badHeader(file: file, reason: "expected a JSON object, found \(type(of: object))")
        }
        var tensors: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == Self.metadataKey {
                guard let strings = value as? [String: String] else {
                    throw SafetensorsError.badHeader(file: file, reason: "expected __metadata__ to map strings to strings")
                }
                metadata = strings
                continue
            }
            guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
                  let shape = Self.integers(fields["shape"]), let offsets = Self.integers(fields["data_offsets"]) else {
                throw SafetensorsError.badHeader(file: file, reason: "expected tensor '\(name)' to have a string dtype, an integer shape list and two integer data_offsets")
            }
            tensors[name] = Entry(dtype: dtype, shape: shape, offsets: offsets)
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// A JSON array of whole numbers, or `nil`.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let numbers = value as? [NSNumber] else { return nil }
        var result: [Int] = []
        for number in numbers {
            let double = number.doubleValue
            guard double == double.rounded(), abs(double) < 0x1p62 else { return nil }
            result.append(number.intValue)
        }
        return result
    }

    /// The header as compact JSON with sorted keys (so that equal checkpoints are equal files).
    func encoded() -> [UInt8] {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        struct Whole: Encodable {
            let header: SafetensorsHeader
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                if !header.metadata.isEmpty {
                    try container.encode(header.metadata, forKey: Key(stringValue: SafetensorsHeader.metadataKey))
                }
                for (name, entry) in header.tensors { try container.encode(entry, forKey: Key(stringValue: name)) }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, integers and arrays of them cannot fail.
        return Array(try! encoder.encode(Whole(header: self)))
    }
}
