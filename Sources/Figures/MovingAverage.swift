import TensorCore

/// Each value replaced by the mean of the `window` values centred on it (fewer at the ends),
/// ignoring non-finite values. A window of 1 returns the values unchanged.
///
/// Centring keeps a smoothed training curve aligned with the steps it summarises (a trailing
/// average would lag behind by half a window).
public func movingAverage(_ values: [Double], window: Int) -> [Double] {
    require(window >= 1, "movingAverage: window must be at least 1, got \(window)")
    if window == 1 { return values }
    // Prefix sums of the finite values and of how many there are.
    var sums = [0.0], counts = [0]
    for v in values {
        sums.append(sums.last! + (v.isFinite ? v : 0))
        counts.append(counts.last! + (v.isFinite ? 1 : 0))
    }
    let before = (window - 1) / 2, after = window / 2
    return values.indices.map { i in
        let lo = max(0, i - before), hi = min(values.count, i + after + 1)
        let n = counts[hi] - counts[lo]
        return n == 0 ? .nan : (sums[hi] - sums[lo]) / Double(n)
    }
}
