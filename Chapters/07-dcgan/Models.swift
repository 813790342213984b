import NeuralNetworks
import TensorCore

/// The length of the noise vector z the generator starts from (the DCGAN paper's 100).
let noiseSize = 100

/// G: z (100, seen as a 100×1×1 image) → 256×4×4 → 128×8×8 → 64×16×16 → 3×32×32.
///
/// Guidelines 2, 3 and 4: transposed convolutions upsample; BatchNorm after every layer but the
/// output; ReLU inside, tanh out. The layers before a BatchNorm have no bias, as in PyTorch's DCGAN
/// example: BatchNorm subtracts the channel mean, which would cancel any bias.
func makeGenerator(using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Reshape([noiseSize, 1, 1]),
        ConvTranspose2d(noiseSize, 256, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &generator),  // 1 → 4
        BatchNorm2d(256), ReLU(),
        ConvTranspose2d(256, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 4 → 8
        BatchNorm2d(128), ReLU(),
        ConvTranspose2d(128, 64, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 8 → 16
        BatchNorm2d(64), ReLU(),
        ConvTranspose2d(64, 3, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 16 → 32
        Tanh())
    model.initialize(.ganNormal, using: &generator)  // guideline 6: N(0, 0.02) weights, BatchNorm scale N(1, 0.02)
    return model
}

/// D: 3×32×32 → 64×16×16 → 128×8×8 → 256×4×4 → 1, the generator's mirror image.
///
/// Guidelines 1, 3 and 5: strided convolutions downsample (no pooling); BatchNorm everywhere but on
/// the input layer; LeakyReLU(0.2). The last 4×4 convolution over the whole 4×4 map gives one logit,
/// and the sigmoid turns it into the probability that the image is real.
func makeDiscriminator(using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Conv2d(3, 64, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 32 → 16, no BatchNorm on the input layer
        LeakyReLU(0.2),
        Conv2d(64, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 16 → 8
        BatchNorm2d(128), LeakyReLU(0.2),
        Conv2d(128, 256, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 8 → 4
        BatchNorm2d(256), LeakyReLU(0.2),
        Conv2d(256, 1, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &generator),  // 4 → 1
        Flatten(), Sigmoid())
    model.initialize(.ganNormal, using: &generator)
    return model
}

/// Guideline 7: Adam with lr 2e-4 and β₁ 0.5 (the default 0.9 made training oscillate in the paper).
func makeOptimizer(for model: Sequential, learningRate: Double = 2e-4) -> Adam {
    Adam(model.parameters(), lr: learningRate, betas: (0.5, 0.999))
}
