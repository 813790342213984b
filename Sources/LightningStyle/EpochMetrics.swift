/// The values logged during one epoch, reduced the way Lightning reduces them: each epoch value is the mean of
/// the batch values **weighted by batch size**, Σ bᵢ·vᵢ / Σ bᵢ, so a short last batch counts for what it holds.
public struct EpochMetrics: Sendable, Equatable {
    /// Per name: the weighted sum Σ bᵢ·vᵢ and the total weight Σ bᵢ.
    public private(set) var sums: [String: (total: Double, weight: Double)] = [:]
    /// Names in the order first logged.
    public private(set) var names: [String] = []

    public init() {}

    /// Adds one batch's value of `name`, from a batch of `batchSize` items.
    public mutating func add(_ name: String, _ value: Double, batchSize: Int) {
        precondition(batchSize > 0, "EpochMetrics.add(\"\(name)\"): batch size must be positive, got \(batchSize)")
        if sums[name] == nil { names.append(name) }
        let old = sums[name] ?? (0, 0)
        sums[name] = (old.total + Double(batchSize) * value, old.weight + Double(batchSize))
    }

    /// The epoch value of `name`, or nil if it was never logged.
    public func value(_ name: String) -> Double? {
        guard let entry = sums[name], entry.weight > 0 else { return nil }
        return entry.total / entry.weight
    }

    /// Every epoch value, in the order first logged.
    public var values: [(name: String, value: Double)] { names.compactMap { name in value(name).map { (name, $0) } } }

    /// The state as text, for a checkpoint: `name → "total weight"`.
    var savedState: [String: String] {
        sums.mapValues { "\($0.total.bitPattern) \($0.weight.bitPattern)" }.merging(["": names.joined(separator: "\u{1F}")]) { a, _ in a }
    }

    /// Restores `savedState`; nil if the text is not such a state.
    init?(savedState: [String: String]) {
        guard let order = savedState[""] else { return nil }
        names = order.isEmpty ? [] : order.split(separator: "\u{1F}").map(String.init)
        for name in names {
            guard let parts = savedState[name]?.split(separator: " "), parts.count == 2,
                  let total = UInt64(parts[0]), let weight = UInt64(parts[1]) else { return nil }
            sums[name] = (Double(bitPattern: total), Double(bitPattern: weight))
        }
    }

    public static func == (a: EpochMetrics, b: EpochMetrics) -> Bool {
        a.names == b.names && a.names.allSatisfy { a.sums[$0]! == b.sums[$0]! }
    }
}
