import TensorCore

/// Batch normalisation over the channel axis (axis 1), like PyTorch's `BatchNorm1d` / `BatchNorm2d`.
///
/// In training mode every channel is normalised with the batch's mean and *biased* variance,
/// `y = (x − mean) / √(var + eps) · weight + bias`, and the running statistics move towards the
/// batch's: `running = (1 − momentum) · running + momentum · batch`, where the running variance
/// takes the *unbiased* batch variance (divided by M − 1), exactly as PyTorch does.
/// In evaluation mode the running statistics are used instead.
///
/// Momentum in Keras and in PyTorch point in opposite directions. Keras's
/// `BatchNormalization(momentum=0.8)` keeps 0.8 of the old running value, which is PyTorch's
/// `momentum=0.2`. The common tutorial line `nn.BatchNorm1d(n, 0.8)` does not set momentum at
/// all: PyTorch's second positional argument is `eps`, so it normalises with eps = 0.8.
/// Here both are labelled: `BatchNorm1d(n, eps: 1e-5, momentum: 0.2)` is the faithful translation.
public class BatchNorm: Module, CustomStringConvertible {
    public var isTraining = true
    /// Per-channel scale γ, `[C]`, initially 1.
    public let weight: Tensor
    /// Per-channel shift β, `[C]`, initially 0.
    public let bias: Tensor
    /// Running mean, `[C]`, initially 0.
    public let runningMean: Tensor
    /// Running (unbiased) variance, `[C]`, initially 1.
    public let runningVar: Tensor
    /// How many training batches have updated the running statistics (shape `[]`; PyTorch stores it as int64).
    public let numBatchesTracked: Tensor
    public let eps: Double
    /// The weight of the new batch in the running statistics (PyTorch's convention; Keras's momentum is 1 − this).
    public let momentum: Double
    /// Whether the running variance takes the unbiased batch variance (÷ (M − 1), PyTorch) or the biased one
    /// (÷ M, Keras's `BatchNormalization`). Normalisation always uses the biased one.
    public let unbiasedRunningVariance: Bool
    private let ranks: Set<Int>

    init(_ channels: Int, eps: Double, momentum: Double, unbiasedRunningVariance: Bool, dtype: DType, ranks: Set<Int>) {
        weight = Tensor.ones([channels], dtype: dtype).requiringGrad()
        bias = Tensor.zeros([channels], dtype: dtype).requiringGrad()
        runningMean = Tensor.zeros([channels], dtype: dtype)
        runningVar = Tensor.ones([channels], dtype: dtype)
        numBatchesTracked = Tensor.zeros([], dtype: dtype)
        self.eps = eps
        self.momentum = momentum
        self.unbiasedRunningVariance = unbiasedRunningVariance
        self.ranks = ranks
    }

    public var channels: Int { weight.count }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public var ownBuffers: [(name: String, tensor: Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    }

    /// PyTorch and Keras start at weight 1, bias 0; the DCGAN paper draws the weight from N(1, 0.02).
    public func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator) {
        switch scheme {
        case .pytorchDefault, .glorotUniform: weight.fill(1)
        case .ganNormal: fillNormal(weight, mean: 1, std: 0.02, using: &generator)
        }
        bias.fill(0)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { normalize(x) }

    /// The layer's output, or with `leakyReLUSlope` (0 for ReLU) the output of that activation after it, computed in
    /// one pass (see `batchNorm`); `Sequential` runs a BatchNorm and the ReLU or LeakyReLU after it this way.
    func normalize(_ x: Tensor, leakyReLUSlope: Double? = nil) -> Tensor {
        require(ranks.contains(x.rank) && x.shape[1] == channels,
                     "\(self): input has shape \(x.shape), expected rank \(ranks.sorted().map(String.init).joined(separator: " or ")) with \(channels) channels on axis 1")
        require(x.dtype == weight.dtype, "\(self): input is \(x.dtype), parameters are \(weight.dtype)")
        return batchNorm(x, self, leakyReLUSlope: leakyReLUSlope)
    }

    public var description: String {
        "\(type(of: self))(\(channels)\(eps == 1e-5 ? "" : ", eps \(eps)")\(momentum == 0.1 ? "" : ", momentum \(momentum)"))"
    }
}

/// Batch normalisation of `[N, C]` or `[N, C, L]` inputs, like `nn.BatchNorm1d`. See `BatchNorm` for the
/// momentum convention and the Keras pitfall.
public final class BatchNorm1d: BatchNorm {
    public init(_ channels: Int, eps: Double = 1e-5, momentum: Double = 0.1, unbiasedRunningVariance: Bool = true, dtype: DType = .float32) {
        super.init(channels, eps: eps, momentum: momentum, unbiasedRunningVariance: unbiasedRunningVariance, dtype: dtype, ranks: [2, 3])
    }
}

/// Batch normalisation of `[N, C, H, W]` images, per channel, like `nn.BatchNorm2d`. See `BatchNorm`.
public final class BatchNorm2d: BatchNorm {
    public init(_ channels: Int, eps: Double = 1e-5, momentum: Double = 0.1, unbiasedRunningVariance: Bool = true, dtype: DType = .float32) {
        super.init(channels, eps: eps, momentum: momentum, unbiasedRunningVariance: unbiasedRunningVariance, dtype: dtype, ranks: [4])
    }
}
