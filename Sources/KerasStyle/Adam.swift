import Foundation
import NeuralNetworks
import TensorCore

/// Keras's `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`, with Keras's update:
///
///     t ← iterations + 1                        (one counter for the whole optimiser)
///     α ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
///     m ← β₁ · m + (1 − β₁) · g
///     v ← β₂ · v + (1 − β₂) · g²
///     p ← p − α · m / (√v + ε)
///
/// Two differences from `torch.optim.Adam` (the core's `NeuralNetworks.Adam`): the default ε is 1e-7, not 1e-8,
/// and ε is added to √v *before* the bias correction of v, so in PyTorch's terms the effective ε is ε / √(1 − β₂ᵗ)
/// (about 3e-6 at the first step with the defaults). With gradients far above ε the two agree closely.
///
/// Like Keras 3's, the optimiser is built on the weights it first updates; asking it later to update a weight
/// it was not built for is an error (`KerasError`), not a silent new state.
public final class Adam: Optimizer {
    public private(set) var parameters: [Tensor] = []
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// Keras's `optimizer.iterations`: how many updates were applied.
    public private(set) var iterations = 0
    public private(set) var isBuilt = false
    private var momentums: [Tensor] = []
    private var velocities: [Tensor] = []
    private var index: [ObjectIdentifier: Int] = [:]

    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        require(learningRate >= 0 && epsilon >= 0, "Adam: learningRate and epsilon must be ≥ 0")
        require((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: beta1 and beta2 must lie in [0, 1)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Creates zero moments for `variables`; later updates may touch only these.
    public func build(_ variables: [Tensor]) {
        require(!isBuilt, "Adam is already built")
        parameters = variables
        momentums = variables.map { Tensor.zeros(like: $0) }
        velocities = variables.map { Tensor.zeros(like: $0) }
        index = Dictionary(uniqueKeysWithValues: variables.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
        isBuilt = true
    }

    /// Whether `variable` is one this optimiser was built for.
    public func knows(_ variable: Tensor) -> Bool { index[ObjectIdentifier(variable)] != nil }

    /// One update of every known weight that has a gradient; the iteration counter advances once.
    public func step() {
        let t = Double(iterations + 1)
        var applied = false
        for (i, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            require(grad.count == parameter.count && grad.dtype == parameter.dtype, "Adam: gradient does not match its weight")
            applied = true
            switch parameter.dtype {
            case .float32: update(Float.self, parameter, grad, momentums[i], velocities[i], t: t)
            case .float64: update(Double.self, parameter, grad, momentums[i], velocities[i], t: t)
            }
        }
        if applied { iterations += 1 }
    }

    /// The fused update of one weight; the scalars are rounded to the weight's type as Keras casts them.
    private func update<T: TensorScalar>(_: T.Type, _ parameter: Tensor, _ gradient: Tensor, _ momentum: Tensor, _ velocity: Tensor, t: Double) {
        let b1 = Double(T(beta1)), b2 = Double(T(beta2))
        let alpha = T(Double(T(learningRate)) * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t)))
        let (keep1, keep2, new1, new2, eps) = (T(beta1), T(beta2), T(1 - beta1), T(1 - beta2), T(epsilon))
        let p = parameter.pointer(T.self), g = gradient.pointer(T.self)
        let m = momentum.pointer(T.self), v = velocity.pointer(T.self)
        for i in 0..<parameter.count {
            let gi = g[i]
            let mi = m[i] * keep1 + new1 * gi
            let vi = v[i] * keep2 + new2 * (gi * gi)
            m[i] = mi
            v[i] = vi
            p[i] -= mi * alpha / (vi.squareRoot() + eps)
        }
    }

    /// The moments under PyTorch's slot names, each with Keras's shared iteration count, for `TrainingCheckpoint`.
    public func exportState() -> [ParameterState?] {
        guard iterations > 0 else { return parameters.map { _ in nil } }
        return parameters.indices.map { ParameterState(step: iterations, buffers: ["exp_avg": momentums[$0], "exp_avg_sq": velocities[$0]]) }
    }

    public func importState(_ state: [ParameterState?]) throws {
        guard state.count == parameters.count else {
            throw KerasError("Adam state: expected \(parameters.count) weights, found \(state.count)")
        }
        for (i, entry) in state.enumerated() {
            guard let entry else { continue }
            guard let m = entry.buffers["exp_avg"], let v = entry.buffers["exp_avg_sq"],
                  m.shape == parameters[i].shape, v.shape == parameters[i].shape else {
                throw KerasError("Adam state of weight \(i): expected exp_avg and exp_avg_sq shaped \(parameters[i].shape)")
            }
            momentums[i].copy(from: m.to(parameters[i].dtype))
            velocities[i].copy(from: v.to(parameters[i].dtype))
            iterations = entry.step
        }
    }
}
