import Foundation

/// Saves training checkpoints at the end of training epochs, as Lightning's `ModelCheckpoint`.
///
/// - Without `monitor`, it keeps the latest checkpoint only (`saveTopK` 1), or every one (`saveTopK` -1).
/// - With `monitor`, it keeps the `saveTopK` best by that metric (`mode` `.min` for a loss, `.max` for a score):
///   a new checkpoint is written when fewer than k are kept or when its value is strictly better than the worst
///   kept one, which is then deleted. A value that is not finite never counts as better. -1 keeps all, 0 none.
/// - With `saveLast`, `last.safetensors` (or `lastFilename`) is also rewritten every time, whatever the score.
///
/// File names follow `filename`, where `{epoch}`, `{step}` and `{<metric name>}` are filled in
/// (Lightning's default `epoch={epoch}-step={step}`). A monitored metric nobody logged is an error.
public final class ModelCheckpoint: Callback {
    /// Where the checkpoints go; without one given, `checkpoints/` in the logger's version folder (or the trainer's root).
    public private(set) var directory: URL?
    public let filename: String
    public let monitor: String?
    public let mode: MonitorMode
    public let saveTopK: Int
    public let saveLast: Bool
    /// The name of the `saveLast` file, without `.safetensors` (Lightning's `CHECKPOINT_NAME_LAST`, "last").
    public let lastFilename: String
    /// Check every this many epochs.
    public let everyNEpochs: Int

    /// The kept checkpoints and their monitored values, in the order they were first saved
    /// (without `monitor`: the value is the global step).
    public private(set) var bestKModels: [Kept] = []
    /// A kept checkpoint: its file and its monitored value.
    public typealias Kept = (path: String, value: Double)
    /// The best kept checkpoint and its value.
    public private(set) var bestModelPath: String?
    public private(set) var bestModelScore: Double?
    /// The `last.safetensors` written, if any.
    public private(set) var lastModelPath: String?

    public init(directory: URL? = nil, filename: String = "epoch={epoch}-step={step}", monitor: String? = nil, mode: MonitorMode = .min,
                saveTopK: Int = 1, saveLast: Bool = false, lastFilename: String = "last", everyNEpochs: Int = 1) {
        precondition(saveTopK >= -1, "ModelCheckpoint: saveTopK must be -1 (all), 0 (none) or a positive number, got \(saveTopK)")
        precondition(monitor != nil || (-1...1).contains(saveTopK), "ModelCheckpoint: saveTopK \(saveTopK) needs a monitored metric, as in Lightning")
        precondition(everyNEpochs > 0, "ModelCheckpoint: everyNEpochs must be positive")
        self.directory = directory
        self.filename = filename
        self.monitor = monitor
        self.mode = mode
        self.saveTopK = saveTopK
        self.saveLast = saveLast
        self.lastFilename = lastFilename
        self.everyNEpochs = everyNEpochs
    }

    public var isMonitoring: Bool { true }

    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws {
        if directory == nil {
            directory = (trainer.logger?.directory ?? trainer.rootDirectory).appendingPathComponent("checkpoints", isDirectory: true)
        }
    }

    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        guard (trainer.currentEpoch + 1) % everyNEpochs == 0 || trainer.shouldStop, let directory else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let value: Double
        if let monitor {
            guard let current = trainer.callbackMetrics[monitor] else {
                throw LightningError.missingMetric(monitor: monitor, callback: name, available: Array(trainer.callbackMetrics.keys))
            }
            value = current
        } else {
            value = Double(trainer.globalStep)
        }
        if saveTopK != 0 { try saveTopKCheckpoint(value: value, trainer: trainer, directory: directory) }
        if saveLast {
            let url = directory.appendingPathComponent(lastFilename + ".safetensors")
            try trainer.saveCheckpoint(to: url)
            lastModelPath = url.path
        }
    }

    /// Whether a checkpoint with `value` enters the kept ones (the rule of Lightning's `check_monitor_top_k`).
    public func shouldSave(_ value: Double) -> Bool {
        if saveTopK == -1 || monitor == nil { return saveTopK != 0 }
        if bestKModels.count < saveTopK { return true }
        guard let worst = worstKept else { return true }
        return ranking.isBetter(comparable(value), than: worst.value)
    }

    /// Without a monitor the latest checkpoint (the largest step) is the one to keep.
    private var ranking: MonitorMode { monitor == nil ? .max : mode }

    /// NaN counts as the worst value possible.
    private func comparable(_ value: Double) -> Double {
        value.isNaN ? (ranking == .min ? .infinity : -.infinity) : value
    }

    /// The kept checkpoint with the worst value; of several equally bad, the one saved first
    /// (Lightning takes Python's `max` over its dict, which returns the first in insertion order).
    private var worstKept: Kept? {
        bestKModels.reduce(Kept?.none) { worst, entry in
            guard let worst else { return entry }
            return ranking.isBetter(worst.value, than: entry.value) ? entry : worst
        }
    }

    /// The kept checkpoint with the best value; of several equally good, the one saved first.
    private var bestKept: Kept? {
        bestKModels.reduce(Kept?.none) { best, entry in
            guard let best else { return entry }
            return ranking.isBetter(entry.value, than: best.value) ? entry : best
        }
    }

    private func saveTopKCheckpoint(value: Double, trainer: Trainer, directory: URL) throws {
        guard shouldSave(value) else { return }
        let url = directory.appendingPathComponent(fileName(trainer: trainer) + ".safetensors")
        // Record the new state first, so that the file being written holds it.
        if let index = bestKModels.firstIndex(where: { $0.path == url.path }) {
            bestKModels[index].value = comparable(value)
        } else {
            bestKModels.append((url.path, comparable(value)))
        }
        if saveTopK != -1, bestKModels.count > saveTopK, let worst = worstKept {
            bestKModels.removeAll { $0.path == worst.path }
            if worst.path != url.path { try? FileManager.default.removeItem(atPath: worst.path) }
        }
        bestModelPath = bestKept?.path
        bestModelScore = bestKept?.value
        try trainer.saveCheckpoint(to: url)
    }

    private func fileName(trainer: Trainer) -> String {
        var name = filename.replacingOccurrences(of: "{epoch}", with: String(trainer.currentEpoch))
            .replacingOccurrences(of: "{step}", with: String(trainer.globalStep))
        for (metric, value) in trainer.callbackMetrics where name.contains("{\(metric)}") {
            name = name.replacingOccurrences(of: "{\(metric)}", with: String(format: "%.4f", value))
        }
        return name
    }

    public func stateDict() -> [String: String] {
        var state = ["best_k_models": bestKModels.map { "\($0.path)\t\($0.value.bitPattern)" }.joined(separator: "\n")]
        if let bestModelPath { state["best_model_path"] = bestModelPath }
        if let lastModelPath { state["last_model_path"] = lastModelPath }
        return state
    }

    public func loadStateDict(_ state: [String: String]) throws {
        var models: [(path: String, value: Double)] = []
        for line in (state["best_k_models"] ?? "").split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let bits = UInt64(parts[1]) else {
                throw LightningError.misconfigured("ModelCheckpoint state: unreadable entry '\(line)'")
            }
            models.append((String(parts[0]), Double(bitPattern: bits)))
        }
        bestKModels = models
        bestModelPath = state["best_model_path"]
        bestModelScore = models.first { $0.path == bestModelPath }?.value
        lastModelPath = state["last_model_path"]
    }
}
