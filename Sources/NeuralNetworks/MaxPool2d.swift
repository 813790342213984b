import TensorCore

/// Max pooling over `k×k` windows of `[N, C, H, W]` images, like `nn.MaxPool2d` (no padding or dilation).
/// The output has spatial size `(H − k) / stride + 1`; the gradient goes to the first maximum of each window.
public final class MaxPool2d: Module, CustomStringConvertible {
    public var isTraining = true
    public let kernelSize: Int
    public let stride: Int

    /// `stride` defaults to `kernelSize`, as in PyTorch.
    public init(_ kernelSize: Int, stride: Int? = nil) {
        require(kernelSize > 0 && (stride ?? 1) > 0, "MaxPool2d: kernelSize and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.rank == 4 && x.shape[2] >= kernelSize && x.shape[3] >= kernelSize,
                     "\(self): input has shape \(x.shape), expected [N, C, H, W] with H, W ≥ \(kernelSize)")
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let (outH, outW) = ((h - kernelSize) / stride + 1, (w - kernelSize) / stride + 1)
        let out = Tensor(uninitializedShape: [x.shape[0], x.shape[1], outH, outW], dtype: x.dtype)
        var winners = [Int32](repeating: 0, count: out.count)
        let k = kernelSize, s = stride
        func forward<T: TensorScalar>(_: T.Type) {
            let xp = x.pointer(T.self), yp = out.pointer(T.self)
            winners.withUnsafeMutableBufferPointer { best in
                for plane in 0..<planes {
                    let base = plane * h * w
                    for oh in 0..<outH {
                        for ow in 0..<outW {
                            var index = base + oh * s * w + ow * s
                            for i in 0..<k {
                                for j in 0..<k {
                                    let candidate = base + (oh * s + i) * w + ow * s + j
                                    if xp[candidate] > xp[index] || xp[candidate].isNaN { index = candidate }
                                }
                            }
                            let o = (plane * outH + oh) * outW + ow
                            yp[o] = xp[index]
                            best[o] = Int32(index)
                        }
                    }
                }
            }
        }
        switch x.dtype {
        case .float32: forward(Float.self)
        case .float64: forward(Double.self)
        }
        let inputShape = x.shape
        return out.recordOperation("maxPool2d", inputs: [x]) { [winners] g in
            let grad = Tensor.zeros(inputShape, dtype: g.dtype)
            func backward<T: TensorScalar>(_: T.Type) {
                let gp = g.pointer(T.self), dx = grad.pointer(T.self)
                for (o, index) in winners.enumerated() { dx[Int(index)] += gp[o] }
            }
            switch g.dtype {
            case .float32: backward(Float.self)
            case .float64: backward(Double.self)
            }
            return [grad]
        }
    }

    public var description: String { "MaxPool2d(k\(kernelSize) s\(stride))" }
}
