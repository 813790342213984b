import Foundation
import TensorCore

/// Reports the progress of a long loop: step/total, percentage, steps per second, elapsed time,
/// time left, and the caller's metrics (`D loss 0.693`).
///
/// On a terminal it rewrites one line in place (at most ten times a second); when standard output
/// is a file or a CI log it prints a plain line every `plainLineEvery` of the way (10% by default).
///
///     let progress = ProgressReporter(total: steps, label: "training")
///     for step in 1...steps { …; progress.update(step: step, metrics: ["D loss": d, "G loss": g]) }
///     progress.finish()
public final class ProgressReporter {
    public let total: Int
    public let label: String
    /// The step the loop starts from (a resumed run's checkpoint step): rate and time left count only the steps done here.
    public let startStep: Int
    private let isTerminal: Bool
    private let plainStepInterval: Int
    private let start = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var nextPlainStep: Int
    private var lastLine = ""

    /// - Parameters:
    ///   - isTerminal: whether to redraw one line; by default, whether standard output is a terminal.
    ///   - plainLineEvery: the fraction of the run between two plain lines when not on a terminal.
    public init(total: Int, label: String = "", startStep: Int = 0, isTerminal: Bool = isatty(STDOUT_FILENO) != 0,
                plainLineEvery: Double = 0.1) {
        self.total = max(total, 1)
        self.label = label
        self.startStep = min(max(startStep, 0), self.total)
        self.isTerminal = isTerminal
        plainStepInterval = max(1, Int((Double(self.total) * plainLineEvery).rounded()))
        nextPlainStep = (self.startStep / plainStepInterval + 1) * plainStepInterval
    }

    /// Reports that `step` of `total` steps are done, with optional metrics (printed in the order given).
    public func update(step: Int, metrics: KeyValuePairs<String, Double> = [:]) {
        let now = ContinuousClock.now
        if isTerminal {
            if let lastDrawn, now - lastDrawn < .milliseconds(100), step < total { return }
            lastDrawn = now
            lastLine = line(step: step, metrics: metrics, now: now)
            print("\r" + lastLine + "\u{1B}[K", terminator: "")
            fflush(nil)  // flushes standard output (and any other open stream)
        } else if step >= nextPlainStep || step == total {
            nextPlainStep = (step / plainStepInterval + 1) * plainStepInterval
            lastLine = line(step: step, metrics: metrics, now: now)
            print(lastLine)
            fflush(nil)  // a redirected log sees each line as it happens
        }
    }

    /// Ends the report: on a terminal, moves to a new line under the last update.
    public func finish() {
        if isTerminal && !lastLine.isEmpty { print("") }
    }

    /// One report line: `training  1200/5000  24%  310 steps/s  elapsed 0:04  ETA 0:12  D loss 0.693`.
    func line(step: Int, metrics: KeyValuePairs<String, Double>, now: ContinuousClock.Instant) -> String {
        let elapsed = seconds(now - start)
        let rate = elapsed > 0 ? Double(step - startStep) / elapsed : 0
        let remaining = rate > 0 ? Double(total - step) / rate : 0
        var parts = label.isEmpty ? [] : [label]
        parts.append("\(step)/\(total)")
        parts.append("\(Int((100 * Double(step) / Double(total)).rounded(.down)))%")
        parts.append("\(rate.formatted(significantDigits: 3)) steps/s")
        parts.append("elapsed \(clockTime(elapsed))")
        parts.append(step < total ? "ETA \(clockTime(remaining))" : "done")
        parts += metrics.map { "\($0.key) \($0.value.formatted(significantDigits: 3))" }
        return parts.joined(separator: "  ")
    }
}

/// `m:ss`, or `h:mm:ss` past an hour.
func clockTime(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
    let twoDigitSeconds = r < 10 ? "0\(r)" : "\(r)"
    if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(twoDigitSeconds)" }
    return "\(m):\(twoDigitSeconds)"
}

/// A `Duration` in seconds.
func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
}
