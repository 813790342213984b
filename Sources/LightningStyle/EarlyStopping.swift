/// Stops training when a monitored metric has stopped improving, as Lightning's `EarlyStopping`.
///
/// At every training epoch end: if the value improved on the best so far by more than `minDelta`
/// (for `.min`: value < best − minDelta; for `.max`: value > best + minDelta), it becomes the best and the
/// count of bad epochs goes back to 0; otherwise the count goes up, and when it reaches `patience` the trainer
/// stops after this epoch. A value that is not finite stops training at once (`checkFinite`).
public final class EarlyStopping: Callback {
    public let monitor: String
    public let minDelta: Double
    public let patience: Int
    public let mode: MonitorMode
    public let checkFinite: Bool
    /// The best value so far (±∞ before the first check).
    public private(set) var bestScore: Double
    /// Epochs in a row without improvement.
    public private(set) var waitCount = 0
    /// The epoch at which it stopped training, if it did.
    public private(set) var stoppedEpoch: Int?
    /// Why it stopped, in words.
    public private(set) var reason: String?

    public init(monitor: String, minDelta: Double = 0, patience: Int = 3, mode: MonitorMode = .min, checkFinite: Bool = true) {
        precondition(minDelta >= 0 && patience >= 0, "EarlyStopping: minDelta and patience must be ≥ 0")
        self.monitor = monitor
        self.minDelta = minDelta
        self.patience = patience
        self.mode = mode
        self.checkFinite = checkFinite
        bestScore = mode == .min ? .infinity : -.infinity
    }

    public var isMonitoring: Bool { true }

    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        guard let value = trainer.callbackMetrics[monitor] else {
            throw LightningError.missingMetric(monitor: monitor, callback: name, available: Array(trainer.callbackMetrics.keys))
        }
        if checkFinite && !value.isFinite {
            stop(trainer, because: "\(monitor) = \(value) is not finite")
        } else if improves(value) {
            bestScore = value
            waitCount = 0
        } else {
            waitCount += 1
            if waitCount >= patience {
                stop(trainer, because: "\(monitor) did not improve by more than \(minDelta) in the last \(waitCount) epochs; best \(bestScore)")
            }
        }
    }

    /// Whether `value` beats the best so far by more than `minDelta`.
    public func improves(_ value: Double) -> Bool {
        mode == .min ? value < bestScore - minDelta : value > bestScore + minDelta
    }

    private func stop(_ trainer: Trainer, because why: String) {
        trainer.shouldStop = true
        stoppedEpoch = trainer.currentEpoch
        reason = why
    }

    public func stateDict() -> [String: String] {
        ["wait_count": String(waitCount), "best_score": String(bestScore.bitPattern), "stopped_epoch": stoppedEpoch.map(String.init) ?? ""]
    }

    public func loadStateDict(_ state: [String: String]) throws {
        guard let wait = state["wait_count"].flatMap(Int.init), let bits = state["best_score"].flatMap(UInt64.init) else {
            throw LightningError.misconfigured("EarlyStopping state: expected wait_count and best_score, found \(state)")
        }
        waitCount = wait
        bestScore = Double(bitPattern: bits)
        stoppedEpoch = state["stopped_epoch"].flatMap(Int.init)
    }
}
