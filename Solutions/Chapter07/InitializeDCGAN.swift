import NeuralNetworks
import TensorCore

extension Chapter07 {
    /// Exercise 7.2: the DCGAN weight initialiser.
    ///
    /// Re-draw every parameter of `model` (any nesting of `Sequential`s) as the DCGAN paper does:
    /// the weights of every `Conv2d`, `ConvTranspose2d` and `Linear` from N(0, 0.02) and their biases
    /// (if any) 0; the scale (`weight`) of every `BatchNorm` from N(1, 0.02) and its shift (`bias`) 0.
    /// Draw the random numbers from `generator`. (The notebook of this chapter draws BatchNorm's scale
    /// from N(0, 0.02): do not.)
    public static func initializeDCGAN(_ model: any Module, using generator: inout SeededGenerator) throws {
        for (_, module) in model.namedModules() {
            switch module {
            case let norm as BatchNorm:
                norm.weight.copy(from: Tensor.normal(norm.weight.shape, mean: 1, std: 0.02, using: &generator))
                norm.bias.fill(0)
            case let conv as Conv2d:
                conv.weight.copy(from: Tensor.normal(conv.weight.shape, mean: 0, std: 0.02, using: &generator))
                conv.bias?.fill(0)
            case let conv as ConvTranspose2d:
                conv.weight.copy(from: Tensor.normal(conv.weight.shape, mean: 0, std: 0.02, using: &generator))
                conv.bias?.fill(0)
            case let linear as Linear:
                linear.weight.copy(from: Tensor.normal(linear.weight.shape, mean: 0, std: 0.02, using: &generator))
                linear.bias?.fill(0)
            default:
                break
            }
        }
    }
}
