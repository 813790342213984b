/// The result of comparing autodiff gradients with finite differences.
public struct GradCheckReport: Sendable, CustomStringConvertible {
    /// max|a − n| / max(1e-8, max|a| + max|n|) over all checked elements, where a is the analytic and
    /// n the numeric gradient: the largest disagreement measured against the size of the gradients,
    /// so a tiny gradient element does not dominate the verdict with rounding noise.
    public let maxRelativeError: Double
    /// The same, for each input separately.
    public let relativeErrorPerInput: [Double]
    /// Analytic (autodiff) gradients of the random projection ⟨w, f(x)⟩, per input.
    public let analytic: [[Double]]
    /// Central-difference estimates of the same gradients, per input.
    public let numeric: [[Double]]

    /// How to read the relative error (CS231n's scale, for double precision).
    public enum Verdict: String, Sendable {
        case happy = "happy (< 1e-7)"
        case fine = "fine for functions with kinks (< 1e-4)"
        case uncomfortable = "uncomfortable (< 1e-2): look closer"
        case wrong = "wrong (≥ 1e-2)"
    }

    public var verdict: Verdict {
        switch maxRelativeError {
        case ..<1e-7: .happy
        case ..<1e-4: .fine
        case ..<1e-2: .uncomfortable
        default: .wrong
        }
    }

    /// True when the error is below `tolerance` (1e-6 by default: double precision, smooth functions).
    public func passed(tolerance: Double = 1e-6) -> Bool { maxRelativeError < tolerance }

    public var description: String {
        "gradcheck: max relative error \(maxRelativeError.formatted(significantDigits: 3)) → \(verdict.rawValue)"
    }
}

/// Checks the gradients autodiff computes for `f` against central finite differences.
///
/// Every input is copied to `precision` (double by default) and marked `requiresGrad`; `f` is
/// reduced to a scalar with fixed random weights, L = Σ wᵢ fᵢ(x), so one backward pass checks the
/// whole Jacobian-vector product. Each input element is then nudged by ±`epsilon` and
/// (L(x + ε) − L(x − ε)) / 2ε is compared with the analytic gradient.
public func gradcheck(_ inputs: [Tensor], epsilon: Double = 1e-6, precision: DType = .float64, seed: UInt64 = 0,
                      _ f: ([Tensor]) -> Tensor) -> GradCheckReport {
    let copies = inputs.map { $0.detach().to(precision).clone().requiringGrad() }
    let output = f(copies)
    require(output.dtype == precision, "gradcheck: f returned \(output.dtype) for \(precision) inputs; build the function from its inputs' dtype")
    var generator = SeededGenerator(seed: seed)
    let weights = Tensor.randn(output.shape, dtype: precision, using: &generator)
    if output.requiresGrad { (output * weights).sum().backward() }

    func loss() -> Double { withNoGrad { (f(copies) * weights).sum().element(at: []) } }

    var analytic: [[Double]] = [], numeric: [[Double]] = [], errors: [Double] = []
    for x in copies {
        let a = x.grad?.doubles ?? [Double](repeating: 0, count: x.count)
        var n = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let original = x.element(atFlat: i)
            x.setElement(atFlat: i, original + epsilon)
            let plus = loss()
            x.setElement(atFlat: i, original - epsilon)
            let minus = loss()
            x.setElement(atFlat: i, original)
            n[i] = (plus - minus) / (2 * epsilon)
        }
        let error = relativeError(a, n)
        analytic.append(a); numeric.append(n); errors.append(error)
    }
    return GradCheckReport(maxRelativeError: errors.max() ?? 0, relativeErrorPerInput: errors, analytic: analytic, numeric: numeric)
}

/// max|a − b| / max(1e-8, max|a| + max|b|): the reading `gradcheck` reports.
public func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let difference = zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
    let size = (a.map(Swift.abs).max() ?? 0) + (b.map(Swift.abs).max() ?? 0)
    return difference / Swift.max(1e-8, size)
}

extension Tensor {
    /// The element at flat (row-major) position `i`.
    public func element(atFlat i: Int) -> Double {
        switch dtype {
        case .float32: Double(pointer(Float.self)[i])
        case .float64: pointer(Double.self)[i]
        }
    }

    /// Overwrites the element at flat position `i`, outside any graph.
    public func setElement(atFlat i: Int, _ value: Double) {
        switch dtype {
        case .float32: pointer(Float.self)[i] = Float(value)
        case .float64: pointer(Double.self)[i] = value
        }
    }
}

extension Double {
    /// A short human-readable form: `0.000123` → `1.23e-04`, `12.3456` → `12.3`.
    public func formatted(significantDigits digits: Int) -> String {
        if self == 0 { return "0" }
        let magnitude = Swift.abs(self)
        if magnitude < 1e-3 || magnitude >= 1e6 { return String(format: "%.\(Swift.max(digits - 1, 0))e", self) }
        return String(format: "%.\(Swift.max(digits - 1 - Int(Foundation.log10(magnitude).rounded(.down)), 0))f", self)
    }
}

import Foundation
