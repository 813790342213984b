import Foundation

extension Chapter04 {
    /// Exercise 4.2: the Jensen–Shannon divergence of two discrete distributions, in nats (natural log).
    ///
    /// With the mixture m = (p + q) / 2: `JSD(p ‖ q) = ½·KL(p ‖ m) + ½·KL(q ‖ m)`, where
    /// `KL(p ‖ m) = Σᵢ pᵢ·log(pᵢ / mᵢ)`. Terms with pᵢ = 0 contribute 0 (the limit of p·log p), so
    /// disjoint distributions give log 2 and identical ones give 0. `p` and `q` have the same length
    /// and each sums to 1.
    public static func jensenShannonDivergence(_ p: [Double], _ q: [Double]) throws -> Double {
        let m = zip(p, q).map { ($0 + $1) / 2 }
        func kl(_ a: [Double]) -> Double {
            zip(a, m).reduce(0) { sum, pair in pair.0 == 0 ? sum : sum + pair.0 * log(pair.0 / pair.1) }
        }
        return (kl(p) + kl(q)) / 2
    }
}
