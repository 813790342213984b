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
        require(kernelSize > 0 && stride > 0 && padding >= 0, "Conv2d: kernelSize and stride must be positive, padding non-negative")
        weight = Tensor.zeros([outChannels, inChannels, kernelSize, kernelSize], dtype: dtype).requiringGrad()
        self.bias = bias ? Tensor.zeros([outChannels], dtype: dtype).requiringGrad() : nil
        self.stride = stride
        self.padding = padding
        initializeOwnParameters(.pytorchDefault, using: &generator)
    }

    /// A layer that uses the given tensors as its parameters (sharing their storage), without drawing random ones:
    /// `weight` `[out, in, k, k]` as in PyTorch, `bias` `[out]` or `nil`.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) {
        require(weight.rank == 4 && weight.shape[2] == weight.shape[3] && weight.shape[2] > 0,
                "Conv2d(weight:bias:): the weight must be [out, in, k, k], got \(weight.shape)")
        require(stride > 0 && padding >= 0, "Conv2d(weight:bias:): stride must be positive and padding non-negative, got \(stride) and \(padding)")
        checkBias(bias, channels: weight.shape[0], of: weight, layer: "Conv2d")
        self.weight = weight.detach().requiringGrad()
        self.bias = bias?.detach().requiringGrad()
        self.stride = stride
        self.padding = padding
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
        require(x.rank == 4 && x.shape[1] == inChannels,
                     "\(self): input has shape \(x.shape), expected [N, \(inChannels), H, W]")
        require(x.dtype == weight.dtype, "\(self): input is \(x.dtype), weight is \(weight.dtype)")
        let k = kernelSize, (h, w) = (x.shape[2], x.shape[3])
        require(h + 2 * padding >= k && w + 2 * padding >= k,
                     "\(self): input \(h)×\(w) with padding \(padding) is smaller than the kernel")
        let geometry = ConvGeometry(channels: inChannels, height: h, width: w, kernel: k, stride: stride, padding: padding,
                                    outHeight: (h + 2 * padding - k) / stride + 1, outWidth: (w + 2 * padding - k) / stride + 1)
        return conv2d(x, weight: weight, bias: bias, geometry, workspace: workspace)
    }

    public var description: String {
        "Conv2d(\(inChannels) → \(outChannels), k\(kernelSize) s\(stride) p\(padding)\(bias == nil ? ", no bias" : ""))"
    }
}
