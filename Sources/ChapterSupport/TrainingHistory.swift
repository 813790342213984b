import Figures
import Foundation
import NeuralNetworks
import TensorCore

/// A run's history (the training log, per-epoch figures) travels inside its training checkpoint, so that a
/// resumed run continues the same CSV files and curves instead of starting them again at the resumed step.
///
///     var checkpoint = gan.checkpoint                       // models and optimisers
///     checkpoint.addHistory(["training_log": log, "quality": quality])
///     try checkpoint.save(to: url)
///     …
///     let history = try TrainingHistory.load(from: url)     // on --resume
///     log = history["training_log"] ?? log
///
/// Each table is stored as a float64 tensor `history.<name>` of shape [rows, columns], its column names in
/// the metadata `history.<name>.columns`. Empty tables are not stored.
extension TrainingCheckpoint {
    /// Adds `tables` to what `save(to:)` writes. Call it on a checkpoint used for saving only: `restore(from:)`
    /// fills registered tensors in place, and a history's length changes from save to save.
    public mutating func addHistory(_ tables: [String: CSVTable]) {
        for (name, table) in tables.sorted(by: { $0.key < $1.key }) where !table.rows.isEmpty {
            add([(name: name, tensor: Tensor(doubles: table.rows.flatMap { $0 }, shape: [table.rows.count, table.header.count]))],
                prefix: TrainingHistory.prefix)
            metadata["\(TrainingHistory.prefix).\(name).columns"] = table.header.joined(separator: ",")
        }
    }
}

/// Reads the history tables a checkpoint holds (see `TrainingCheckpoint.addHistory`).
public enum TrainingHistory {
    static let prefix = "history"

    /// The tables in the checkpoint at `url`, by name; those without a column list are skipped.
    public static func load(from url: URL) throws -> [String: CSVTable] {
        let file = try SafetensorsFile(contentsOf: url)
        var tables: [String: CSVTable] = [:]
        for (key, tensor) in file.tensors where key.hasPrefix(prefix + ".") && tensor.rank == 2 {
            let name = String(key.dropFirst(prefix.count + 1))
            guard let columns = file.metadata["\(key).columns"]?.split(separator: ",").map(String.init),
                  columns.count == tensor.shape[1] else { continue }
            var table = CSVTable(header: columns)
            let values = tensor.doubles
            for row in 0..<tensor.shape[0] { table.append(Array(values[row * columns.count..<(row + 1) * columns.count])) }
            tables[name] = table
        }
        return tables
    }
}

extension CSVTable {
    /// The rows whose value in `column` is at most `limit`: a history cut back to the step a checkpoint was saved at.
    public func rows(upTo limit: Double, in column: String) -> CSVTable {
        guard let index = header.firstIndex(of: column) else { return self }
        var table = CSVTable(header: header)
        for row in rows where row[index] <= limit { table.append(row) }
        return table
    }
}
