import Foundation

/// Lightning's progress bar, as a callback: one line per epoch with the batches done, the rate, the time
/// left and the metrics logged with `progressBar: true`:
///
///     Epoch 3: 45%|████▌     | 193/430 [00:12<00:15, 15.2it/s, v_num=0, g_loss=1.23, d_loss=0.560]
///
/// On a terminal the line is redrawn in place (at most ten times a second); in a log file it is printed at
/// every quarter of the epoch.
public final class ProgressBar: Callback {
    private let isTerminal: Bool
    private var epochStart = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var nextQuarter = 1
    private var firstBatch = 0

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.isTerminal = isTerminal
    }

    public func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws { start(trainer) }

    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws { start(trainer) }

    private func start(_ trainer: Trainer) {
        epochStart = .now
        lastDrawn = nil
        nextQuarter = 1
        firstBatch = trainer.batchesInEpoch
    }

    public func onTrainBatchEnd(_ trainer: Trainer, _ module: LightningModule, batch: Batch, batchIndex: Int) throws {
        let done = batchIndex + 1, total = trainer.batchesPerEpoch
        if isTerminal {
            let now = ContinuousClock.now
            if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
            lastDrawn = now
            print("\r" + line(trainer) + "\u{1B}[K", terminator: "")
            fflush(nil)
        } else if done * 4 >= nextQuarter * total && done < total {
            nextQuarter = done * 4 / total + 1
            print(line(trainer))
            fflush(nil)
        }
    }

    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        print((isTerminal ? "\r" : "") + line(trainer) + (isTerminal ? "\u{1B}[K" : ""))
        fflush(nil)
    }

    /// The bar for the trainer's current position.
    func line(_ trainer: Trainer) -> String {
        let done = trainer.batchesInEpoch, total = max(trainer.batchesPerEpoch, 1)
        let fraction = Double(done) / Double(total)
        let width = 10
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled)
        let elapsed = seconds(ContinuousClock.now - epochStart)
        let rate = elapsed > 0 ? Double(done - firstBatch) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        var fields = ["\(String(format: rate >= 10 ? "%.1f" : "%.2f", rate))it/s"]
        if let version = trainer.logger?.version { fields.append("v_num=\(version)") }
        fields += trainer.progressBarMetrics.map { "\($0.name)=\(String(format: "%.3g", $0.value))" }
        return "Epoch \(trainer.currentEpoch): \(Int(fraction * 100))%|\(bar)| \(done)/\(total) "
            + "[\(minutesSeconds(elapsed))<\(minutesSeconds(left)), \(fields.joined(separator: ", "))]"
    }
}

/// `mm:ss`.
private func minutesSeconds(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return String(format: "%02d:%02d", s / 60, s % 60)
}
