import Foundation
import TensorCore

/// Raw numbers behind a figure, saved as CSV so they can be re-plotted elsewhere (pandas, a spreadsheet).
///
///     var log = CSVTable(header: ["step", "d_loss", "g_loss"])
///     log.append([Double(step), dLoss, gLoss])
///     try log.write(to: URL(fileURLWithPath: "losses.csv"))
///
/// Numbers are written in Swift's shortest round-trip form (`0.1`, `1e-05`, `nan`, `inf`),
/// whole numbers without a decimal point (`100`).
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[Double]] = []

    public init(header: [String]) {
        require(!header.isEmpty, "CSVTable: the header needs at least one column")
        self.header = header
    }

    /// A table from equally long named columns, in the order given.
    public init(columns: KeyValuePairs<String, [Double]>) {
        self.init(header: columns.map(\.key))
        let length = columns.first?.value.count ?? 0
        for (name, values) in columns {
            require(values.count == length, "CSVTable: column \(name) has \(values.count) values, the first has \(length)")
        }
        rows = (0..<length).map { i in columns.map { $0.value[i] } }
    }

    /// Adds one row; it must have one value per header column.
    public mutating func append(_ row: [Double]) {
        require(row.count == header.count, "CSVTable.append: the row has \(row.count) values, the header \(header.count) columns")
        rows.append(row)
    }

    /// The table as CSV text, header first, one line per row.
    public var text: String {
        var lines = [header.map(Self.escape).joined(separator: ",")]
        for row in rows { lines.append(row.map(Self.format).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Saves the table atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(Array(text.utf8), to: url)
    }

    private static func format(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Quotes a header field that contains a comma, quote or line break.
    private static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
