import Foundation

/// Writes logged metrics to `<root>/<name>/version_N/metrics.csv` and the hyper-parameters to `hparams.yaml` beside it,
/// like Lightning's `CSVLogger`. Every logger takes the next free version number and creates its folder exclusively,
/// so two runs never write into the same folder: a resumed run gets a new version too.
public final class CSVLogger {
    /// The version folder this logger writes into.
    public let directory: URL
    /// The version number N of `version_N`.
    public let version: Int
    /// The rows logged so far: a step or an epoch row, by column name.
    public private(set) var rows: [[String: Double]] = []
    /// Called with a file's URL just before it is written.
    public var willWrite: ((URL) -> Void)?
    /// Column names in the order first logged, `epoch` and `step` first.
    public private(set) var columns = ["epoch", "step"]

    /// Opens the next free `version_N` under `root/name`, creating it and its parents.
    public init(root: URL, name: String = "lightning_logs") throws {
        let parent = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        var candidate = (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?
            .compactMap { $0.hasPrefix("version_") ? Int($0.dropFirst("version_".count)) : nil }.max().map { $0 + 1 } ?? 0
        while true {
            let folder = parent.appendingPathComponent("version_\(candidate)", isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
                directory = folder
                version = candidate
                return
            } catch where FileManager.default.fileExists(atPath: folder.path) {
                candidate += 1  // another run took this number between our look and our mkdir
            }
        }
    }

    /// Adds one row of metrics, stamped with the epoch and the trainer's step.
    public func log(_ metrics: [(name: String, value: Double)], epoch: Int, step: Int) {
        guard !metrics.isEmpty else { return }
        var row: [String: Double] = ["epoch": Double(epoch), "step": Double(step)]
        for (name, value) in metrics {
            if !columns.contains(name) { columns.append(name) }
            row[name] = value
        }
        rows.append(row)
    }

    /// The CSV text: a header of all columns, one line per row, empty cells where a row has no value.
    public var csv: String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            lines.append(columns.map { row[$0].map(formatCell) ?? "" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rewrites `metrics.csv` atomically with everything logged so far.
    public func flush() throws {
        let url = directory.appendingPathComponent("metrics.csv")
        willWrite?(url)
        try Data(csv.utf8).write(to: url, options: .atomic)
    }

    /// Writes `hparams.yaml` atomically.
    public func logHyperparameters(_ hparams: Hyperparameters) throws {
        let url = directory.appendingPathComponent("hparams.yaml")
        willWrite?(url)
        try Data(hparams.yaml.utf8).write(to: url, options: .atomic)
    }

    /// The values of `column` in the rows that have one, with their steps (for curves).
    public func series(_ column: String) -> (steps: [Double], values: [Double]) {
        let picked = rows.filter { $0[column] != nil }
        return (picked.map { $0["step"]! }, picked.map { $0[column]! })
    }
}

/// Whole numbers without a fraction, other values with full precision.
private func formatCell(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
