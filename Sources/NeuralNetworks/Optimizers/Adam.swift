import Foundation
import TensorCore

/// Adam, following `torch.optim.Adam` exactly (weight decay is L2: added to the gradient).
///
/// For each parameter, at its step t = 1, 2, …:
///
///     g ← grad + weightDecay · p
///     m ← m + (1 − β₁) · (g − m)            (exp_avg)
///     v ← β₂ · v + (1 − β₂) · g²            (exp_avg_sq)
///     p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
///
/// `AdamW` is the same class with the decay decoupled from the gradient.
public class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let betas: (Double, Double)
    public let eps: Double
    public let weightDecay: Double
    /// `true` for AdamW: `p ← p · (1 − lr · weightDecay)` before the Adam step, instead of L2 on the gradient.
    public let decouplesWeightDecay: Bool
    private var firstMoments: [Tensor?]
    private var secondMoments: [Tensor?]
    private var steps: [Int]

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0) {
        self.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: false)
    }

    init(_ parameters: [Tensor], lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, decoupled: Bool) {
        precondition(lr >= 0 && eps >= 0 && weightDecay >= 0, "Adam: lr, eps and weightDecay must be ≥ 0")
        precondition((0..<1).contains(betas.0) && (0..<1).contains(betas.1), "Adam: betas must lie in [0, 1), got \(betas)")
        self.parameters = parameters
        self.learningRate = lr
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.decouplesWeightDecay = decoupled
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
        steps = Array(repeating: 0, count: parameters.count)
    }

    private var name: String { decouplesWeightDecay ? "AdamW" : "Adam" }

    public func step() {
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            precondition(grad.count == parameter.count && grad.dtype == parameter.dtype,
                         "\(name): gradient \(grad.shape) (\(grad.dtype)) does not match parameter \(parameter.shape) (\(parameter.dtype))")
            if firstMoments[index] == nil {
                firstMoments[index] = Tensor.zeros(like: parameter)
                secondMoments[index] = Tensor.zeros(like: parameter)
            }
            steps[index] += 1
            switch parameter.dtype {
            case .float32: update(Float.self, parameter, grad, firstMoments[index]!, secondMoments[index]!, step: steps[index])
            case .float64: update(Double.self, parameter, grad, firstMoments[index]!, secondMoments[index]!, step: steps[index])
            }
        }
    }

    /// The fused update of one parameter: one pass over its elements, no allocation.
    /// Scalars are computed in `Double` as PyTorch computes them in Python, then rounded to `T`.
    private func update<T: TensorScalar>(_: T.Type, _ parameter: Tensor, _ gradient: Tensor,
                                         _ exponentialAverage: Tensor, _ exponentialAverageOfSquares: Tensor, step: Int) {
        let p = parameter.pointer(T.self), g = gradient.pointer(T.self)
        let m = exponentialAverage.pointer(T.self), v = exponentialAverageOfSquares.pointer(T.self)
        let lr = learningRate, (beta1, beta2) = betas
        let biasCorrection1 = 1 - pow(beta1, Double(step))
        let biasCorrection2 = 1 - pow(beta2, Double(step))
        let negativeStepSize = T(-(lr / biasCorrection1))
        let biasCorrection2Root = T(biasCorrection2.squareRoot())
        let decay = T(1 - lr * weightDecay)
        let l2 = decouplesWeightDecay ? 0 : T(weightDecay)
        let b2 = T(beta2), w1 = T(1 - beta1), w2 = T(1 - beta2), epsilon = T(eps)
        let decoupled = decouplesWeightDecay && weightDecay != 0
        for i in 0..<parameter.count {
            var pi = p[i]
            if decoupled { pi *= decay }
            let gi = l2 == 0 ? g[i] : g[i] + l2 * pi
            // Same operation order as PyTorch's CPU kernels (lerp_, mul_ + addcmul_, addcdiv_).
            let mi = w1 < 0.5 ? m[i] + w1 * (gi - m[i]) : gi - (gi - m[i]) * (1 - w1)
            let vi = v[i] * b2 + w2 * gi * gi
            m[i] = mi
            v[i] = vi
            p[i] = pi + negativeStepSize * mi / (vi.squareRoot() / biasCorrection2Root + epsilon)
        }
    }

    public func exportState() -> [ParameterState?] {
        parameters.indices.map { index in
            guard let m = firstMoments[index], let v = secondMoments[index] else { return nil }
            return ParameterState(step: steps[index], buffers: ["exp_avg": m, "exp_avg_sq": v])
        }
    }

    public func importState(_ state: [ParameterState?]) throws {
        try validateState(state, slots: ["exp_avg", "exp_avg_sq"], parameters: parameters, optimizer: name)
        steps = state.map { $0?.step ?? 0 }
        firstMoments = state.map { $0?.buffers["exp_avg"]?.clone() }
        secondMoments = state.map { $0?.buffers["exp_avg_sq"]?.clone() }
    }
}

/// AdamW, following `torch.optim.AdamW`: decoupled weight decay `p ← p · (1 − lr · weightDecay)`,
/// then the Adam step on the plain gradient. Its default decay is 0.01, as in PyTorch.
public final class AdamW: Adam {
    public init(_ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 1e-2) {
        super.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true)
    }
}
