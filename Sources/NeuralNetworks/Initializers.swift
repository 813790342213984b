import Foundation
import TensorCore

/// How to draw a model's initial parameters; apply it with `model.initialize(_:using:)`.
public enum Initialization: Sendable {
    /// PyTorch's defaults: weights from kaiming_uniform(a = √5), i.e. U(±1/√fanIn); biases U(±1/√fanIn);
    /// BatchNorm weight 1, bias 0. Layers are created this way.
    case pytorchDefault
    /// Keras's defaults: weights Glorot (Xavier) uniform, U(±√(6 / (fanIn + fanOut))); biases 0; BatchNorm weight 1, bias 0.
    case glorotUniform
    /// The DCGAN paper's: Linear and Conv weights N(0, 0.02), their biases 0; BatchNorm weight N(1, 0.02), bias 0.
    case ganNormal
}

/// Fan-in and fan-out of a weight, computed as PyTorch's `_calculate_fan_in_and_fan_out` does:
/// `size(1) · receptive field` and `size(0) · receptive field`. For ConvTranspose2d's `[in, out, k, k]`
/// weight this makes fan-in `out · k · k`, as in PyTorch.
func fans(of weight: Tensor) -> (fanIn: Int, fanOut: Int) {
    let receptive = weight.shape.dropFirst(2).reduce(1, *)
    return (weight.shape[1] * receptive, weight.shape[0] * receptive)
}

/// Overwrites `tensor` with samples from U(−bound, bound).
func fillUniform(_ tensor: Tensor, bound: Double, using generator: inout SeededGenerator) {
    tensor.copy(from: Tensor.uniform(tensor.shape, low: -bound, high: bound, dtype: tensor.dtype, using: &generator))
}

/// Overwrites `tensor` with samples from N(mean, std²).
func fillNormal(_ tensor: Tensor, mean: Double, std: Double, using generator: inout SeededGenerator) {
    tensor.copy(from: Tensor.normal(tensor.shape, mean: mean, std: std, dtype: tensor.dtype, using: &generator))
}

/// Draws the weight and bias of a Linear, Conv2d or ConvTranspose2d layer with `scheme`.
func initializeWeightAndBias(weight: Tensor, bias: Tensor?, _ scheme: Initialization, using generator: inout SeededGenerator) {
    let (fanIn, fanOut) = fans(of: weight)
    switch scheme {
    case .pytorchDefault:
        // kaiming_uniform(a = √5): gain √(2 / (1 + a²)) = √(1/3), bound gain · √(3 / fanIn) = 1 / √fanIn.
        let bound = 1 / Double(fanIn).squareRoot()
        fillUniform(weight, bound: bound, using: &generator)
        if let bias { fillUniform(bias, bound: bound, using: &generator) }
    case .glorotUniform:
        fillUniform(weight, bound: (6 / Double(fanIn + fanOut)).squareRoot(), using: &generator)
        bias?.fill(0)
    case .ganNormal:
        fillNormal(weight, mean: 0, std: 0.02, using: &generator)
        bias?.fill(0)
    }
}
