import NeuralNetworks
import TensorCore

/// The length of the noise vector z the generator starts from (the DCGAN paper's 100).
let noiseSize = 100

/// The chapter's default width (`--width`): G's last hidden layer and D's first layer have this many channels,
/// the layers nearer the 4×4 end 2× and 4× as many. PyTorch's DCGAN example calls it `ngf` / `ndf` and uses 64.
let defaultWidth = 32

/// G: z (100, seen as a 100×1×1 image) → 4w×4×4 → 2w×8×8 → w×16×16 → 3×32×32, with w = `width`
/// (32 by default: 128×4×4 → 64×8×8 → 32×16×16).
///
/// Guidelines 2, 3 and 4: transposed convolutions upsample; BatchNorm after every layer but the
/// output; ReLU inside, tanh out. The layers before a BatchNorm have no bias, as in PyTorch's DCGAN
/// example: BatchNorm subtracts the channel mean, which would cancel any bias.
func makeGenerator(width w: Int, using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Reshape([noiseSize, 1, 1]),
        ConvTranspose2d(noiseSize, 4 * w, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &generator),  // 1 → 4
        BatchNorm2d(4 * w), ReLU(),
        ConvTranspose2d(4 * w, 2 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 4 → 8
        BatchNorm2d(2 * w), ReLU(),
        ConvTranspose2d(2 * w, w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 8 → 16
        BatchNorm2d(w), ReLU(),
        ConvTranspose2d(w, 3, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 16 → 32
        Tanh())
    model.initialize(.ganNormal, using: &generator)  // guideline 6: N(0, 0.02) weights, BatchNorm scale N(1, 0.02)
    return model
}

/// D: 3×32×32 → w×16×16 → 2w×8×8 → 4w×4×4 → 1, the generator's mirror image.
///
/// Guidelines 1, 3 and 5: strided convolutions downsample (no pooling); BatchNorm everywhere but on
/// the input layer; LeakyReLU(0.2). The last 4×4 convolution over the whole 4×4 map gives one logit,
/// and the sigmoid turns it into the probability that the image is real.
func makeDiscriminator(width w: Int, using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Conv2d(3, w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 32 → 16, no BatchNorm on the input layer
        LeakyReLU(0.2),
        Conv2d(w, 2 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 16 → 8
        BatchNorm2d(2 * w), LeakyReLU(0.2),
        Conv2d(2 * w, 4 * w, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),  // 8 → 4
        BatchNorm2d(4 * w), LeakyReLU(0.2),
        Conv2d(4 * w, 1, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &generator),  // 4 → 1
        Flatten(), Sigmoid())
    model.initialize(.ganNormal, using: &generator)
    return model
}

/// Guideline 7: Adam with lr 2e-4 and β₁ 0.5 (the default 0.9 made training oscillate in the paper).
func makeOptimizer(for model: Sequential, learningRate: Double = 2e-4) -> Adam {
    Adam(model.parameters(), lr: learningRate, betas: (0.5, 0.999))
}
