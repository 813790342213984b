import Foundation

/// How far one file's download has come.
public struct DownloadProgress: Sendable {
    public let file: String
    public let receivedBytes: Int64
    /// The size the server announced, when it did.
    public let totalBytes: Int64?
    /// Seconds since the request started.
    public let elapsed: TimeInterval
    /// True for the last report of a transfer.
    public let finished: Bool

    public init(file: String, receivedBytes: Int64, totalBytes: Int64?, elapsed: TimeInterval, finished: Bool) {
        self.file = file
        self.receivedBytes = receivedBytes
        self.totalBytes = totalBytes
        self.elapsed = elapsed
        self.finished = finished
    }

    /// Bytes per second so far.
    public var rate: Double { elapsed > 0 ? Double(receivedBytes) / elapsed : 0 }

    /// Seconds left at the current rate, when the size is known.
    public var secondsRemaining: Double? {
        guard let totalBytes, rate > 0 else { return nil }
        return Double(totalBytes - receivedBytes) / rate
    }
}

/// Draws a one-line progress bar on standard error: bytes, rate and ETA, redrawn at most ten times a second.
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw: TimeInterval = -1

    public init() {}

    /// Redraws the bar for `progress`.
    public func report(_ progress: DownloadProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard progress.finished || progress.elapsed - lastDraw >= 0.1 else { return }
        lastDraw = progress.elapsed
        var line = "\r  \(progress.file)  "
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.receivedBytes) / Double(total))
            let filled = Int(fraction * 24)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled) + "] "
            line += "\(Int(fraction * 100))%  \(Self.bytes(progress.receivedBytes)) / \(Self.bytes(total))"
        } else {
            line += Self.bytes(progress.receivedBytes)
        }
        line += "  \(Self.bytes(Int64(progress.rate)))/s"
        if let eta = progress.secondsRemaining, !progress.finished { line += "  ETA \(Int(eta.rounded()))s" }
        line += progress.finished ? "\n" : "   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// `12.3 MB`, `4.1 kB`, `512 B`.
    static func bytes(_ count: Int64) -> String {
        let value = Double(count)
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.1f kB", value / 1e3) }
        return "\(count) B"
    }
}
