/// What can go wrong in Lightning-style training, in words that name the thing to fix.
public enum LightningError: Error, CustomStringConvertible, Equatable {
    /// A split whose lengths or fractions do not fit the dataset.
    case badSplit(String)
    /// A callback monitors a metric nobody logged.
    case missingMetric(monitor: String, callback: String, available: [String])
    /// A checkpoint that does not fit this module or trainer.
    case badCheckpoint(path: String, reason: String)
    /// The trainer or the module is set up wrongly.
    case misconfigured(String)

    public var description: String {
        switch self {
        case .badSplit(let message), .misconfigured(let message): return message
        case .missingMetric(let monitor, let callback, let available):
            return "\(callback) monitors '\(monitor)', which was not logged; logged metrics: "
                + (available.isEmpty ? "none" : available.sorted().joined(separator: ", "))
        case .badCheckpoint(let path, let reason): return "\(path): \(reason)"
        }
    }
}
