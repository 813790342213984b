import TensorCore

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
/// following `torch.optim.SGD` exactly:
///
///     g ← grad + weightDecay · p
///     b ← g                                  (first step)
///     b ← momentum · b + (1 − dampening) · g (later steps)
///     g ← g + momentum · b  if nesterov, else  g ← b
///     p ← p − lr · g
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool
    /// One momentum buffer per parameter, created at its first update (only when `momentum != 0`).
    private var momentumBuffers: [Tensor?]
    private var steps: [Int]

    public init(_ parameters: [Tensor], lr: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) {
        require(lr >= 0, "SGD: learning rate must be ≥ 0, got \(lr)")
        require(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and dampening = 0")
        self.parameters = parameters
        self.learningRate = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        momentumBuffers = Array(repeating: nil, count: parameters.count)
        steps = Array(repeating: 0, count: parameters.count)
    }

    public func step() {
        Profiler.measure(.optimizer) { updateAll() }
    }

    private func updateAll() {
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            require(grad.count == parameter.count && grad.dtype == parameter.dtype,
                         "SGD: gradient \(grad.shape) (\(grad.dtype)) does not match parameter \(parameter.shape) (\(parameter.dtype))")
            var isFirst = false
            if momentum != 0 && momentumBuffers[index] == nil {
                momentumBuffers[index] = Tensor.zeros(like: parameter)
                isFirst = true
            }
            let buffer = momentumBuffers[index]
            switch parameter.dtype {
            case .float32: update(Float.self, parameter, grad, buffer, isFirst: isFirst)
            case .float64: update(Double.self, parameter, grad, buffer, isFirst: isFirst)
            }
            steps[index] += 1
        }
    }

    /// The fused update of one parameter: one pass over its elements, no allocation.
    private func update<T: TensorScalar>(_: T.Type, _ parameter: Tensor, _ gradient: Tensor, _ buffer: Tensor?, isFirst: Bool) {
        let p = parameter.pointer(T.self), g = gradient.pointer(T.self)
        let lr = T(learningRate), wd = T(weightDecay), mu = T(momentum), keep = T(1 - dampening)
        guard let buffer else {
            for i in 0..<parameter.count { p[i] -= lr * (g[i] + wd * p[i]) }
            return
        }
        let b = buffer.pointer(T.self)
        for i in 0..<parameter.count {
            let gi = wd == 0 ? g[i] : g[i] + wd * p[i]
            let bi = isFirst ? gi : mu * b[i] + keep * gi
            b[i] = bi
            p[i] -= lr * (nesterov ? gi + mu * bi : bi)
        }
    }

    public func exportState() -> [ParameterState?] {
        zip(steps, momentumBuffers).map { step, buffer in
            guard step > 0 else { return nil }
            return ParameterState(step: step, buffers: buffer.map { ["momentum_buffer": $0] } ?? [:])
        }
    }

    public func importState(_ state: [ParameterState?]) throws {
        try validateState(state, slots: momentum != 0 ? ["momentum_buffer"] : [], parameters: parameters, optimizer: "SGD")
        steps = state.map { $0?.step ?? 0 }
        momentumBuffers = state.map { $0?.buffers["momentum_buffer"]?.clone() }
    }
}
