import TensorCore

/// A transposed ("fractionally strided") 2-D convolution, like `nn.ConvTranspose2d`: the gradient of a
/// `Conv2d` with respect to its input, used by generators to upsample.
///
/// `weight` has PyTorch's shape `[in, out, k, k]`. The output has spatial size
/// `(H − 1)·stride − 2·padding + k + outputPadding` (e.g. k4 s2 p1 doubles H; k4 s1 p0 turns 1×1 into 4×4).
/// Forward: one GEMM `Wᵀ · x` for a chunk of samples, then col2im; backward: im2col and two GEMMs.
public final class ConvTranspose2d: Module, CustomStringConvertible {
    public var isTraining = true
    /// `[inChannels, outChannels, kernelSize, kernelSize]`.
    public let weight: Tensor
    /// `[outChannels]`, or `nil` when built with `bias: false`.
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    public let outputPadding: Int
    private let workspace = Workspace()

    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, bias: Bool = true, dtype: DType = .float32, using generator: inout SeededGenerator) {
        require(kernelSize > 0 && stride > 0 && padding >= 0, "ConvTranspose2d: kernelSize and stride must be positive, padding non-negative")
        require(outputPadding >= 0 && outputPadding < stride,
                     "ConvTranspose2d: outputPadding (\(outputPadding)) must be smaller than stride (\(stride)), as in PyTorch")
        weight = Tensor.zeros([inChannels, outChannels, kernelSize, kernelSize], dtype: dtype).requiringGrad()
        self.bias = bias ? Tensor.zeros([outChannels], dtype: dtype).requiringGrad() : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        initializeOwnParameters(.pytorchDefault, using: &generator)
    }

    /// A layer that uses the given tensors as its parameters (sharing their storage), without drawing random ones:
    /// `weight` `[in, out, k, k]` as in PyTorch, `bias` `[out]` or `nil`.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0) {
        require(weight.rank == 4 && weight.shape[2] == weight.shape[3] && weight.shape[2] > 0,
                "ConvTranspose2d(weight:bias:): the weight must be [in, out, k, k], got \(weight.shape)")
        require(stride > 0 && padding >= 0,
                "ConvTranspose2d(weight:bias:): stride must be positive and padding non-negative, got \(stride) and \(padding)")
        require(outputPadding >= 0 && outputPadding < stride,
                "ConvTranspose2d(weight:bias:): outputPadding (\(outputPadding)) must be smaller than stride (\(stride)), as in PyTorch")
        checkBias(bias, channels: weight.shape[1], of: weight, layer: "ConvTranspose2d")
        self.weight = weight.detach().requiringGrad()
        self.bias = bias?.detach().requiringGrad()
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    public var inChannels: Int { weight.shape[0] }
    public var outChannels: Int { weight.shape[1] }
    public var kernelSize: Int { weight.shape[2] }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// PyTorch computes the fan-in of this `[in, out, k, k]` weight as `out · k · k` (from `weight.size(1)`); so does this.
    public func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator) {
        initializeWeightAndBias(weight: weight, bias: bias, scheme, using: &generator)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.rank == 4 && x.shape[1] == inChannels,
                     "\(self): input has shape \(x.shape), expected [N, \(inChannels), H, W]")
        require(x.dtype == weight.dtype, "\(self): input is \(x.dtype), weight is \(weight.dtype)")
        let k = kernelSize, (h, w) = (x.shape[2], x.shape[3])
        let outH = (h - 1) * stride - 2 * padding + k + outputPadding
        let outW = (w - 1) * stride - 2 * padding + k + outputPadding
        require(outH > 0 && outW > 0, "\(self): input \(h)×\(w) gives an empty output")
        // The geometry of the convolution this layer transposes: output image → input positions.
        let geometry = ConvGeometry(channels: outChannels, height: outH, width: outW, kernel: k, stride: stride,
                                    padding: padding, outHeight: h, outWidth: w)
        return convTranspose2d(x, weight: weight, bias: bias, geometry, workspace: workspace)
    }

    public var description: String {
        "ConvTranspose2d(\(inChannels) → \(outChannels), k\(kernelSize) s\(stride) p\(padding)"
            + (outputPadding > 0 ? " op\(outputPadding)" : "") + (bias == nil ? ", no bias" : "") + ")"
    }
}
