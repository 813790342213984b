/// A table printed with aligned columns: text left-aligned, numbers right-aligned.
///
///     var table = TextTable(columns: ["size", "naive ms", "BLAS ms"])
///     table.addRow(["64", "1.52", "0.03"])
///     print(table)
public struct TextTable: CustomStringConvertible, Sendable {
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    public init(columns: [String]) { self.columns = columns }

    /// Adds one row; it must have one cell per column.
    public mutating func addRow(_ cells: [String]) {
        precondition(cells.count == columns.count, "TextTable.addRow: \(cells.count) cells for \(columns.count) columns")
        rows.append(cells)
    }

    /// The same table as comma-separated values (cells containing commas or quotes are quoted).
    public var csv: String {
        func escape(_ cell: String) -> String {
            cell.contains(",") || cell.contains("\"") ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([columns] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public var description: String {
        let all = [columns] + rows
        let widths = columns.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        let numeric = columns.indices.map { c in !rows.isEmpty && rows.allSatisfy { Double($0[c]) != nil || $0[c] == "-" } }
        func render(_ row: [String]) -> String {
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return numeric[c] ? pad + row[c] : row[c] + pad
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([render(columns), rule] + rows.map(render)).map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}

import Foundation
