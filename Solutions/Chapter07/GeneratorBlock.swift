import NeuralNetworks
import TensorCore

extension Chapter07 {
    /// Exercise 7.3: a DCGAN generator block that doubles the side of its input.
    ///
    /// Return a `Sequential` of three layers: a `ConvTranspose2d` from `inChannels` to `outChannels`
    /// with a 4×4 kernel, stride 2, padding 1 and no bias (the BatchNorm after it would cancel a bias),
    /// then a `BatchNorm2d(outChannels)`, then a `ReLU`. An input `[N, inChannels, H, H]` must come out as
    /// `[N, outChannels, 2H, 2H]`. Draw the layer's initial weights from `generator`.
    public static func generatorBlock(inChannels: Int, outChannels: Int, using generator: inout SeededGenerator) throws -> Sequential {
        Sequential(ConvTranspose2d(inChannels, outChannels, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),
                   BatchNorm2d(outChannels), ReLU())
    }
}
