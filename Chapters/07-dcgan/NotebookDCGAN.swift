import NeuralNetworks
import TensorCore

/// The notebook's generator, line for line: Linear(100 → 256·4·4), reshape to 256×4×4, two blocks
/// ConvTranspose(k4 s2 p1) → BatchNorm → ReLU (4 → 8 → 16), ConvTranspose(64 → 3, k4 s2 p1) → tanh (16 → 32).
/// Its comments speak of "512 layers of a 4x4 image" and "a 64x64 3 channel (rgb) image"; the code makes
/// 256 channels and 32×32 images. Layers keep PyTorch's default initialisation, as in the notebook, whose
/// `init_weights` is defined but never called.
func makeNotebookGenerator(using generator: inout SeededGenerator) -> Sequential {
    Sequential(
        Linear(noiseSize, 256 * 4 * 4, using: &generator), Reshape([256, 4, 4]),
        ConvTranspose2d(256, 128, kernelSize: 4, stride: 2, padding: 1, using: &generator), BatchNorm2d(128), ReLU(),
        ConvTranspose2d(128, 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), BatchNorm2d(64), ReLU(),
        ConvTranspose2d(64, 3, kernelSize: 4, stride: 2, padding: 1, using: &generator), Tanh())
}

/// The notebook's discriminator, line for line. Its first layer is a *transposed* convolution that
/// upsamples the 32×32 image to 64×64 (the comment says it "downscales the inputted 64x64 3 channel
/// image"); two Conv → BatchNorm → LeakyReLU blocks bring it back to 16×16; a second transposed
/// convolution (k4 s2 p0) upsamples again, to 1×34×34, and Linear(34·34 → 1) → sigmoid gives the verdict.
func makeNotebookDiscriminator(using generator: inout SeededGenerator) -> Sequential {
    Sequential(
        ConvTranspose2d(3, 64, kernelSize: 4, stride: 2, padding: 1, using: &generator), LeakyReLU(0.2),
        Conv2d(64, 128, kernelSize: 4, stride: 2, padding: 1, using: &generator), BatchNorm2d(128), LeakyReLU(0.2),
        Conv2d(128, 256, kernelSize: 4, stride: 2, padding: 1, using: &generator), BatchNorm2d(256), LeakyReLU(0.2),
        ConvTranspose2d(256, 1, kernelSize: 4, stride: 2, padding: 0, using: &generator),
        Flatten(), Linear(34 * 34, 1, using: &generator), Sigmoid())
}

/// The notebook's `init_weights`: every Conv2d, ConvTranspose2d *and BatchNorm2d* weight from N(0, 0.02).
/// Biases and Linear layers keep their defaults. The BatchNorm line is the bug: a BatchNorm scale γ
/// multiplies the normalised activations, so γ ≈ ±0.02 shrinks every channel to about 2% of unit size
/// (the DCGAN paper draws γ from N(1, 0.02)).
func notebookInitWeights(_ model: Sequential, using generator: inout SeededGenerator) {
    for (_, module) in model.namedModules() {
        let weight: Tensor? = switch module {
        case let conv as Conv2d: conv.weight
        case let conv as ConvTranspose2d: conv.weight
        case let norm as BatchNorm: norm.weight
        default: nil
        }
        if let weight { weight.copy(from: Tensor.normal(weight.shape, mean: 0, std: 0.02, using: &generator)) }
    }
}

/// The notebook's two players with its optimisers: Adam, lr 1e-3, betas (0.5, 0.999).
final class NotebookGAN {
    let generator: Sequential
    let discriminator: Sequential
    let optimizerG: Adam
    let optimizerD: Adam

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        generator = makeNotebookGenerator(using: &random)
        discriminator = makeNotebookDiscriminator(using: &random)
        optimizerG = makeOptimizer(for: generator, learningRate: 1e-3)
        optimizerD = makeOptimizer(for: discriminator, learningRate: 1e-3)
    }

    /// One step of the notebook's loop, as written. Both models' gradients are cleared at the top; the fakes
    /// are *not* detached, so D's loss also leaves gradients in G; G's step then adds its own loss on top
    /// and steps on the sum. G is pulled towards D(G(z)) = ½, not towards fooling D.
    func step(real: Tensor, noise z: Tensor) -> (dLoss: Double, gLoss: Double) {
        let bce = BCELoss()
        let batch = real.shape[0]
        generator.zeroGrad()
        discriminator.zeroGrad()
        let fake = generator(z)
        let dReal = discriminator(real), dFake = discriminator(fake)
        let lossD = bce(dReal, Tensor.ones([batch, 1])) + bce(dFake, Tensor.zeros([batch, 1]))
        lossD.backward(retainGraph: true)  // `loss_dis_total.backward(retain_graph = True)`: into G as well
        optimizerD.step()
        let lossG = bce(discriminator(fake), Tensor.ones([batch, 1]))
        lossG.backward()
        optimizerG.step()  // G's gradient: ∂(lossD + lossG)/∂G
        return (Double(lossD.item), Double(lossG.item))
    }

    /// Images `[N, 3, 32, 32]` in evaluation mode, without gradients, like `DCGAN.sample`.
    func sample(_ z: Tensor) -> Tensor {
        generator.eval()
        defer { generator.train() }
        return withNoGrad { generator(z) }
    }
}
