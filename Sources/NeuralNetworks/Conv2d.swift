import TensorCore

/// A 2-D convolution over `[N, C, H, W]` images, like `nn.Conv2d` (square kernel, no dilation or groups).
///
/// `weight` has PyTorch's shape `[out, in, k, k]`. The output has spatial size
/// `(H + 2·padding − k) / stride + 1`. Forward and backward run through im2col and GEMM,
/// with several samples side by side in each matrix product.
public final class Conv2d: Module, CustomStringConvertible {
    public var isTraining = true
    /// `[outChannels, inChannels, kernelSize, kernelSize]`.
    public let weight: Tensor
    /// `[outChannels]`, or `nil` when built with `bias: false`.
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    private let workspace = Workspace()

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, dtype: DType = .float32, using generator: inout SeededGenerator) {
        precondition(kernelSize > 0 && stride > 0 && padding >= 0, "Conv2d: kernelSize and stride must be positive, padding non-negative")
        weight = Tensor.zeros([outChannels, inChannels, kernelSize, kernelSize], dtype: dtype).requiringGrad()
        self.bias = bias ? Tensor.zeros([outChannels], dtype: dtype).requiringGrad() : nil
        self.stride = stride
        self.padding = padding
        initializeOwnParameters(.pytorchDefault, using: &generator)
    }

    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator) {
        initializeWeightAndBias(weight: weight, bias: bias, scheme, using: &generator)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == inChannels,
                     "\(self): input has shape \(x.shape), expected [N, \(inChannels), H, W]")
        precondition(x.dtype == weight.dtype, "\(self): input is \(x.dtype), weight is \(weight.dtype)")
        let k = kernelSize, (h, w) = (x.shape[2], x.shape[3])
        precondition(h + 2 * padding >= k && w + 2 * padding >= k,
                     "\(self): input \(h)×\(w) with padding \(padding) is smaller than the kernel")
        let geometry = ConvGeometry(channels: inChannels, height: h, width: w, kernel: k, stride: stride, padding: padding,
                                    outHeight: (h + 2 * padding - k) / stride + 1, outWidth: (w + 2 * padding - k) / stride + 1)
        return conv2d(x, weight: weight, bias: bias, geometry, workspace: workspace)
    }

    public var description: String {
        "Conv2d(\(inChannels) → \(outChannels), k\(kernelSize) s\(stride) p\(padding)\(bias == nil ? ", no bias" : ""))"
    }
}

/// The convolution as one differentiable operation, with a hand-written backward pass.
private func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvGeometry, workspace: Workspace) -> Tensor {
    let batch = x.shape[0], outChannels = weight.shape[0]
    let rows = g.patchSize, length = g.positions
    let nb = chunkSize(batch: batch, elementsPerSample: (rows + outChannels) * length)
    let out = Tensor(uninitializedShape: [batch, outChannels, g.outHeight, g.outWidth], dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let columns = workspace.buffer(T.self, count: (rows + outChannels) * nb * length)
        let product = columns + rows * nb * length
        let bias = bias?.pointer(T.self)
        for first in stride(from: 0, to: batch, by: nb) {
            let count = Swift.min(nb, batch - first), ld = count * length
            for j in 0..<count { im2col(x.pointer(T.self) + (first + j) * g.imageSize, g, into: columns + j * length, rowStride: ld) }
            T.gemm(transA: false, transB: false, m: outChannels, n: ld, k: rows, alpha: 1,
                   a: weight.pointer(T.self), lda: rows, b: columns, ldb: ld, beta: 0, c: product, ldc: ld)
            scatterChannels(product, first: first, count: count, channels: outChannels, length: length,
                            bias: bias, into: out.pointer(T.self))
        }
    }
    switch x.dtype {
    case .float32: forward(Float.self)
    case .float64: forward(Double.self)
    }

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return out.recordOperation("conv2d", inputs: inputs) { gradOut in
        let gradX = x.requiresGrad ? Tensor.zeros(x.shape, dtype: x.dtype) : nil
        let gradW = weight.requiresGrad ? Tensor.zeros(weight.shape, dtype: x.dtype) : nil
        let gradB = bias?.requiresGrad == true ? Tensor(uninitializedShape: [outChannels], dtype: x.dtype) : nil
        func backward<T: TensorScalar>(_: T.Type) {
            let columns = workspace.buffer(T.self, count: (rows + outChannels) * nb * length)
            let gradProduct = columns + rows * nb * length
            for first in stride(from: 0, to: batch, by: nb) {
                let count = Swift.min(nb, batch - first), ld = count * length
                gatherChannels(gradOut.pointer(T.self), first: first, count: count, channels: outChannels, length: length,
                               into: gradProduct)
                if let gradW {
                    for j in 0..<count { im2col(x.pointer(T.self) + (first + j) * g.imageSize, g, into: columns + j * length, rowStride: ld) }
                    T.gemm(transA: false, transB: true, m: outChannels, n: rows, k: ld, alpha: 1,
                           a: gradProduct, lda: ld, b: columns, ldb: ld, beta: 1, c: gradW.pointer(T.self), ldc: rows)
                }
                if let gradX {
                    T.gemm(transA: true, transB: false, m: rows, n: ld, k: outChannels, alpha: 1,
                           a: weight.pointer(T.self), lda: rows, b: gradProduct, ldb: ld, beta: 0, c: columns, ldc: ld)
                    for j in 0..<count {
                        col2im(columns + j * length, rowStride: ld, g, into: gradX.pointer(T.self) + (first + j) * g.imageSize)
                    }
                }
            }
            if let gradB {
                channelSums(gradOut.pointer(T.self), batch: batch, channels: outChannels, length: length, into: gradB.pointer(T.self))
            }
        }
        switch x.dtype {
        case .float32: backward(Float.self)
        case .float64: backward(Double.self)
        }
        return [gradX, gradW] + (bias == nil ? [] : [gradB])
    }
}
