import Foundation
import TensorCore

/// A 1-D mixture of Gaussians whose density is known in closed form, so that a trained
/// discriminator can be compared with the optimal one, D*(x) = p_data(x) / (p_data(x) + p_g(x)).
public struct ToyGaussianMixture1D: Sendable {
    /// One bump of the mixture; weights are normalised to sum to 1 by the mixture.
    public struct Component: Sendable {
        public let weight: Double
        public let mean: Double
        public let standardDeviation: Double

        public init(weight: Double = 1, mean: Double, standardDeviation: Double) {
            require(weight > 0 && standardDeviation > 0,
                         "ToyGaussianMixture1D.Component: weight and standardDeviation must be positive, got \(weight) and \(standardDeviation)")
            self.weight = weight
            self.mean = mean
            self.standardDeviation = standardDeviation
        }
    }

    /// The components, with weights summing to 1.
    public let components: [Component]

    public init(_ components: [Component]) {
        require(!components.isEmpty, "ToyGaussianMixture1D needs at least one component")
        let total = components.reduce(0) { $0 + $1.weight }
        self.components = components.map { Component(weight: $0.weight / total, mean: $0.mean, standardDeviation: $0.standardDeviation) }
    }

    /// The probability density at `x`.
    public func density(_ x: Double) -> Double {
        components.reduce(0) { sum, c in
            let u = (x - c.mean) / c.standardDeviation
            return sum + c.weight * exp(-0.5 * u * u) / (c.standardDeviation * (2 * Double.pi).squareRoot())
        }
    }

    /// `count` samples as a `[count, 1]` float32 tensor.
    public func sample(_ count: Int, using generator: inout SeededGenerator) -> Tensor {
        let samples = Tensor(uninitializedShape: [count, 1])
        let p = samples.pointer(Float.self)
        for i in 0..<count {
            var u = generator.nextUnitDouble()
            var chosen = components[components.count - 1]
            for c in components {
                if u < c.weight { chosen = c; break }
                u -= c.weight
            }
            p[i] = Float(chosen.mean + chosen.standardDeviation * generator.nextNormal())
        }
        return samples
    }
}
