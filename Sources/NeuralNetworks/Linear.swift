import TensorCore

/// A fully connected layer, `y = x Wᵀ + b`, like `nn.Linear`.
///
/// `weight` has PyTorch's shape `[out, in]`; the input may have any number of leading axes
/// (`[N, in]`, `[N, T, in]`, or a single `[in]`). The bias is added and all three gradients are
/// computed by fused GEMM kernels, one call each for the whole batch.
public final class Linear: Module, CustomStringConvertible {
    public var isTraining = true
    /// `[outFeatures, inFeatures]`.
    public let weight: Tensor
    /// `[outFeatures]`, or `nil` when built with `bias: false`.
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType = .float32,
                using generator: inout SeededGenerator) {
        weight = Tensor.zeros([outFeatures, inFeatures], dtype: dtype).requiringGrad()
        self.bias = bias ? Tensor.zeros([outFeatures], dtype: dtype).requiringGrad() : nil
        initializeOwnParameters(.pytorchDefault, using: &generator)
    }

    /// A layer that uses the given tensors as its parameters (sharing their storage), without drawing random ones:
    /// `weight` `[out, in]` as in PyTorch, `bias` `[out]` or `nil`.
    public init(weight: Tensor, bias: Tensor?) {
        require(weight.rank == 2, "Linear(weight:bias:): the weight must be [out, in], got \(weight.shape)")
        checkBias(bias, channels: weight.shape[0], of: weight, layer: "Linear")
        self.weight = weight.detach().requiringGrad()
        self.bias = bias?.detach().requiringGrad()
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator) {
        initializeWeightAndBias(weight: weight, bias: bias, scheme, using: &generator)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { linear(x, weight: weight, bias: bias) }

    public var description: String { "Linear(\(inFeatures) → \(outFeatures)\(bias == nil ? ", no bias" : ""))" }
}

/// `x Wᵀ + b` over the last axis of `x`, as one differentiable operation.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
    let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
    require(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
    require(x.rank >= 1 && x.shape[x.rank - 1] == inFeatures,
                 "Linear(\(inFeatures) → \(outFeatures)): input has shape \(x.shape), expected last axis \(inFeatures)")
    require(x.dtype == weight.dtype, "Linear: input is \(x.dtype), weight is \(weight.dtype)")
    let rows = x.count / inFeatures
    let out = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [outFeatures], dtype: x.dtype)
    func forward<T: TensorScalar>(_: T.Type) {
        let y = out.pointer(T.self)
        if let bias {
            let b = bias.pointer(T.self)
            for r in 0..<rows { (y + r * outFeatures).update(from: b, count: outFeatures) }
        }
        T.gemm(transA: false, transB: true, m: rows, n: outFeatures, k: inFeatures,
               alpha: 1, a: x.pointer(T.self), lda: inFeatures, b: weight.pointer(T.self), ldb: inFeatures,
               beta: bias == nil ? 0 : 1, c: y, ldc: outFeatures)
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }
    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("linear", inputs: inputs) { g in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor(uninitializedShape: weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outFeatures], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let gy = g.pointer(T.self)
            if let gradX {
                T.gemm(transA: false, transB: false, m: rows, n: inFeatures, k: outFeatures,
                       alpha: 1, a: gy, lda: outFeatures, b: weight.pointer(T.self), ldb: inFeatures,
                       beta: 0, c: gradX.pointer(T.self), ldc: inFeatures)
            }
            if let gradW {
                T.gemm(transA: true, transB: false, m: outFeatures, n: inFeatures, k: rows,
                       alpha: 1, a: gy, lda: outFeatures, b: x.pointer(T.self), ldb: inFeatures,
                       beta: 0, c: gradW.pointer(T.self), ldc: inFeatures)
            }
            if let gradB {
                let gb = gradB.pointer(T.self)
                gb.update(repeating: 0, count: outFeatures)
                for r in 0..<rows {
                    let row = gy + r * outFeatures
                    for o in 0..<outFeatures { gb[o] += row[o] }
                }
            }
        }
        switch g.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [gradX, gradW] + (bias == nil ? [] : [gradB])
    }
}

/// Stops with a clear message unless `bias` is `nil` or a `[channels]` tensor of the weight's dtype.
func checkBias(_ bias: Tensor?, channels: Int, of weight: Tensor, layer: String) {
    guard let bias else { return }
    require(bias.shape == [channels] && bias.dtype == weight.dtype,
            "\(layer)(weight:bias:): the bias must be [\(channels)] \(weight.dtype) for a weight \(weight.shape), got \(bias.shape) \(bias.dtype)")
}
