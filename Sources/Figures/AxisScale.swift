import Foundation

/// The value range of one chart axis and its tick marks at "nice" numbers (1, 2 or 5 × 10ⁿ).
struct AxisScale {
    let low: Double
    let high: Double
    let step: Double
    let ticks: [Double]

    /// Ticks inside `low...high`, about `targetCount` of them.
    init(low: Double, high: Double, targetCount: Int) {
        self.low = low
        self.high = high
        let raw = (high - low) / Double(max(1, targetCount))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        step = nice * magnitude
        var ticks: [Double] = []
        var k = (low / step - 1e-9).rounded(.up)
        while k * step <= high + step * 1e-9 {
            ticks.append(k * step == 0 ? 0 : k * step)
            k += 1
        }
        self.ticks = ticks
    }

    /// The range a chart shows for data spanning `dataLow...dataHigh`: a fixed range wins;
    /// otherwise the data range widened by `margin` of its span on each side (an empty span
    /// is widened around its value so a constant series still gets an axis).
    static func range(dataLow: Double, dataHigh: Double, fixed: ClosedRange<Double>?, margin: Double) -> (Double, Double) {
        if let fixed, fixed.upperBound > fixed.lowerBound { return (fixed.lowerBound, fixed.upperBound) }
        guard dataLow.isFinite, dataHigh.isFinite else { return (0, 1) }
        if dataHigh == dataLow {
            let half = dataLow == 0 ? 1 : abs(dataLow) * 0.1
            return (dataLow - half, dataHigh + half)
        }
        let pad = (dataHigh - dataLow) * margin
        return (dataLow - pad, dataHigh + pad)
    }

    /// A tick label with as many decimals as the step needs (`0.25` → "0.25", `2000` → "2000");
    /// very large or very small values use exponent notation.
    func label(_ value: Double) -> String {
        let biggest = max(abs(low), abs(high))
        if biggest >= 1e6 || step < 1e-4 { return String(format: "%.3g", value) }
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        return String(format: "%.\(decimals)f", value)
    }
}
