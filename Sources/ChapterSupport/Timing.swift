/// Times `body` and returns the seconds one call takes.
///
/// One untimed warm-up call, then calls are grouped into batches long enough to time reliably
/// (about `budget / 5` seconds each); the fastest of five batches is reported, as the least disturbed
/// by the other programs sharing the machine. A body that takes longer than the budget runs twice in all.
public func measure(budget: Double = 0.5, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let once = seconds(clock.measure(body))
    if once >= budget { return min(once, seconds(clock.measure(body))) }
    let perBatch = max(1, Int(budget / 5 / max(once, 1e-9)))
    var best = Double.infinity
    for _ in 0..<5 {
        let elapsed = seconds(clock.measure { for _ in 0..<perBatch { body() } })
        best = min(best, elapsed / Double(perBatch))
    }
    return best
}

/// A running clock for "took 3.2 s" lines.
public struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    public init() {}

    /// Seconds since the stopwatch was made.
    public var elapsed: Double { seconds(ContinuousClock.now - start) }
}
