import TensorCore

// Loss functions with PyTorch's semantics and the default mean reduction.
// Each is one fused, differentiable operation: one pass forward, one pass backward.

/// Binary cross-entropy on probabilities, like `nn.BCELoss`: mean of −[y·log p + (1 − y)·log(1 − p)].
/// As in PyTorch, each log is clamped at −100, so p = 0 or 1 gives a large but finite loss, and the
/// gradient (p − y) / max(p(1 − p), 1e-12) stays finite too. (The gradient with respect to a target that
/// requires one, log(1 − p) − log p, is not clamped, in PyTorch either.) Prefer `BCEWithLogitsLoss` on logits.
public struct BCELoss: Sendable {
    public init() {}
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        meanLoss(BinaryCrossEntropy(), name: "BCELoss", prediction, target)
    }
}

/// Binary cross-entropy on logits, like `nn.BCEWithLogitsLoss`: the sigmoid and the log fused into the
/// stable form max(x, 0) − x·y + log(1 + e^−|x|), whose gradient is σ(x) − y.
public struct BCEWithLogitsLoss: Sendable {
    public init() {}
    public func callAsFunction(_ logits: Tensor, _ target: Tensor) -> Tensor {
        meanLoss(BinaryCrossEntropyWithLogits(), name: "BCEWithLogitsLoss", logits, target)
    }
}

/// Mean squared error, like `nn.MSELoss`: mean of (x − y)² (the least-squares GAN's loss).
public struct MSELoss: Sendable {
    public init() {}
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        meanLoss(SquaredError(), name: "MSELoss", prediction, target)
    }
}

/// Cross-entropy of `[N, C]` logits against integer class labels, like `nn.CrossEntropyLoss`:
/// mean over samples of −log softmax(x)[label], computed with a stable log-sum-exp; gradient (softmax − one-hot) / N.
public struct CrossEntropyLoss: Sendable {
    public init() {}
    public func callAsFunction(_ logits: Tensor, _ labels: [Int]) -> Tensor {
        crossEntropy(logits, labels)
    }
}

/// A loss that is the mean of a function of (prediction, target) pairs, with its two partial derivatives.
protocol PointwiseLoss {
    func value<T: TensorScalar>(_ x: T, _ y: T) -> T
    func derivativeByPrediction<T: TensorScalar>(_ x: T, _ y: T) -> T
    func derivativeByTarget<T: TensorScalar>(_ x: T, _ y: T) -> T
}

struct BinaryCrossEntropy: PointwiseLoss {
    @inline(__always) private func clampedLog<T: TensorScalar>(_ v: T) -> T { Swift.max(T.log(v), -100) }
    func value<T: TensorScalar>(_ p: T, _ y: T) -> T { -(y * clampedLog(p) + (1 - y) * clampedLog(1 - p)) }
    /// PyTorch's EPSILON is the single-precision constant 1e-12, also in double precision; so is this one.
    func derivativeByPrediction<T: TensorScalar>(_ p: T, _ y: T) -> T { (p - y) / Swift.max((1 - p) * p, T(Float(1e-12))) }
    func derivativeByTarget<T: TensorScalar>(_ p: T, _ y: T) -> T { T.log(1 - p) - T.log(p) }
}

struct BinaryCrossEntropyWithLogits: PointwiseLoss {
    func value<T: TensorScalar>(_ x: T, _ y: T) -> T { Swift.max(x, 0) - x * y + T.log(onePlus: T.exp(-Swift.abs(x))) }
    func derivativeByPrediction<T: TensorScalar>(_ x: T, _ y: T) -> T {
        let sigmoid = x >= 0 ? 1 / (1 + T.exp(-x)) : T.exp(x) / (1 + T.exp(x))
        return sigmoid - y
    }
    func derivativeByTarget<T: TensorScalar>(_ x: T, _ y: T) -> T { -x }
}

struct SquaredError: PointwiseLoss {
    func value<T: TensorScalar>(_ x: T, _ y: T) -> T { (x - y) * (x - y) }
    func derivativeByPrediction<T: TensorScalar>(_ x: T, _ y: T) -> T { 2 * (x - y) }
    func derivativeByTarget<T: TensorScalar>(_ x: T, _ y: T) -> T { 2 * (y - x) }
}

/// mean(loss(x, y)) as one operation; gradients flow to whichever of the two requires them.
func meanLoss<L: PointwiseLoss>(_ loss: L, name: String, _ x: Tensor, _ y: Tensor) -> Tensor {
    require(x.shape == y.shape, "\(name): prediction has shape \(x.shape), target has shape \(y.shape); they must match")
    require(x.dtype == y.dtype, "\(name): prediction is \(x.dtype), target is \(y.dtype)")
    require(x.count > 0, "\(name): empty input")
    let n = x.count
    let out = Tensor(uninitializedShape: [], dtype: x.dtype)
    func forward<T: TensorScalar>(_: T.Type) {
        let xp = x.pointer(T.self), yp = y.pointer(T.self)
        var total = 0.0
        for i in 0..<n { total += Double(loss.value(xp[i], yp[i])) }
        out.pointer(T.self)[0] = T(total / Double(n))
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }
    return out.recordOperation(name, inputs: [x, y]) { g in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradY = y.requiresGrad ? Tensor(uninitializedShape: y.shape, dtype: y.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let xp = x.pointer(T.self), yp = y.pointer(T.self), scale = g.pointer(T.self)[0] / T(n)
            if let gradX {
                let d = gradX.pointer(T.self)
                for i in 0..<n { d[i] = scale * loss.derivativeByPrediction(xp[i], yp[i]) }
            }
            if let gradY {
                let d = gradY.pointer(T.self)
                for i in 0..<n { d[i] = scale * loss.derivativeByTarget(xp[i], yp[i]) }
            }
        }
        switch x.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [gradX, gradY]
    }
}

/// Mean cross-entropy of `[N, C]` logits against `labels`, fused with its softmax gradient.
func crossEntropy(_ logits: Tensor, _ labels: [Int]) -> Tensor {
    require(logits.rank == 2 && logits.shape[0] == labels.count,
                 "CrossEntropyLoss: logits have shape \(logits.shape), expected [\(labels.count), classes] for \(labels.count) labels")
    let (n, classes) = (logits.shape[0], logits.shape[1])
    require(labels.allSatisfy { $0 >= 0 && $0 < classes }, "CrossEntropyLoss: labels must lie in 0..<\(classes)")
    let probabilities = Tensor(uninitializedShape: logits.shape, dtype: logits.dtype)
    let out = Tensor(uninitializedShape: [], dtype: logits.dtype)
    func forward<T: TensorScalar>(_: T.Type) {
        var total = 0.0
        for i in 0..<n {
            let row = logits.pointer(T.self) + i * classes, p = probabilities.pointer(T.self) + i * classes
            var largest = row[0]
            for j in 1..<classes { largest = Swift.max(largest, row[j]) }
            var sum: T = 0
            for j in 0..<classes { p[j] = T.exp(row[j] - largest); sum += p[j] }
            for j in 0..<classes { p[j] /= sum }
            total += Double(largest + T.log(sum) - row[labels[i]])
        }
        out.pointer(T.self)[0] = T(total / Double(n))
    }
    switch logits.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }
    return out.recordOperation("CrossEntropyLoss", inputs: [logits]) { g in
        let grad = Tensor(uninitializedShape: logits.shape, dtype: logits.dtype)
        func backward<T: TensorScalar>(_: T.Type) {
            let p = probabilities.pointer(T.self), d = grad.pointer(T.self), scale = g.pointer(T.self)[0] / T(n)
            for i in 0..<n * classes { d[i] = scale * p[i] }
            for (i, label) in labels.enumerated() { d[i * classes + label] -= scale }
        }
        switch logits.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [grad]
    }
}
