extension Chapter02 {
    /// Exercise 2.5: a gradient checker by central differences.
    ///
    /// For every coordinate `i`, estimate `∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε`, compare it with
    /// `analyticGradient[i]` by the relative error `|a − n| / max(1e-8, |a| + |n|)`, and return the
    /// largest relative error over all coordinates (0 for an empty `x`).
    /// Read it as `gradcheck` does: < 1e-7 happy, < 1e-4 fine with kinks, < 1e-2 look closer, ≥ 1e-2 wrong.
    public static func maxRelativeError(of f: ([Double]) -> Double, at x: [Double], analyticGradient: [Double],
                                        epsilon: Double = 1e-6) throws -> Double {
        precondition(analyticGradient.count == x.count, "maxRelativeError: \(analyticGradient.count) gradient entries for \(x.count) coordinates")
        var point = x
        var worst = 0.0
        for i in point.indices {
            let original = point[i]
            point[i] = original + epsilon
            let plus = f(point)
            point[i] = original - epsilon
            let minus = f(point)
            point[i] = original
            let numeric = (plus - minus) / (2 * epsilon)
            let analytic = analyticGradient[i]
            worst = max(worst, abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric)))
        }
        return worst
    }
}
