import NeuralNetworks
import TensorCore

/// The length of the noise vector z the generator starts from.
let noiseSize = 100

/// G: z (100) → 256 → 512 → 1024 → 784 pixels, LeakyReLU(0.2) between layers and Tanh at the end,
/// so every pixel lies in (−1, 1), the range of the real images. Weights from N(0, 0.02), biases 0.
func makeGenerator(using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Linear(noiseSize, 256, using: &generator), LeakyReLU(0.2),
        Linear(256, 512, using: &generator), LeakyReLU(0.2),
        Linear(512, 1024, using: &generator), LeakyReLU(0.2),
        Linear(1024, 784, using: &generator), Tanh())
    model.initialize(.ganNormal, using: &generator)
    return model
}

/// D: 784 pixels → 512 → 256 → 128 → 1, LeakyReLU(0.2) and Dropout(0.3) after each hidden layer,
/// Sigmoid at the end: the probability that the image is real. Weights from N(0, 0.02), biases 0.
func makeDiscriminator(using generator: inout SeededGenerator) -> Sequential {
    let model = Sequential(
        Linear(784, 512, using: &generator), LeakyReLU(0.2), Dropout(0.3, using: &generator),
        Linear(512, 256, using: &generator), LeakyReLU(0.2), Dropout(0.3, using: &generator),
        Linear(256, 128, using: &generator), LeakyReLU(0.2), Dropout(0.3, using: &generator),
        Linear(128, 1, using: &generator), Sigmoid())
    model.initialize(.ganNormal, using: &generator)
    return model
}

/// The recipe's optimiser: AdamW, lr 2e-4, betas (0.5, 0.999), weight decay 1e-5.
func makeOptimizer(for model: Sequential) -> AdamW {
    AdamW(model.parameters(), lr: 2e-4, betas: (0.5, 0.999), weightDecay: 1e-5)
}
