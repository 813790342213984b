import NeuralNetworks
import TensorCore

/// The size of the generator's noise vector (`latent_dim` in the tutorial).
let latentDim = 100

/// The tutorial's discriminator, layer for layer: two convolutions with max-pooling and ReLU (channel dropout
/// after the second), then 320 → 50 → 1 with dropout, and a sigmoid: the probability that the image is real.
func makeDiscriminator(using generator: inout SeededGenerator) -> Sequential {
    Sequential(
        Conv2d(1, 10, kernelSize: 5, using: &generator), MaxPool2d(2), ReLU(),
        Conv2d(10, 20, kernelSize: 5, using: &generator), Dropout2d(0.5, using: &generator), MaxPool2d(2), ReLU(),
        Flatten(), Linear(320, 50, using: &generator), ReLU(), Dropout(0.5, using: &generator),
        Linear(50, 1, using: &generator), Sigmoid())
}

/// The tutorial's generator: 100 noise numbers → 7·7·64 → two transposed convolutions (7 → 16 → 34 pixels) → a 7×7
/// convolution down to 28×28. The tutorial ends there, with **no output activation**; `tanh: true` adds the remedy.
func makeGenerator(tanh: Bool, using generator: inout SeededGenerator) -> Sequential {
    let layers: [any Module] = [
        Linear(latentDim, 7 * 7 * 64, using: &generator), ReLU(), Reshape([64, 7, 7]),
        ConvTranspose2d(64, 32, kernelSize: 4, stride: 2, using: &generator), ReLU(),
        ConvTranspose2d(32, 16, kernelSize: 4, stride: 2, using: &generator), ReLU(),
        Conv2d(16, 1, kernelSize: 7, using: &generator),
    ]
    return Sequential(layers + (tanh ? [Tanh()] : []))
}
