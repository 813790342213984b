import NeuralNetworks
import TensorCore

/// How big the signals in a model are: the standard deviation of the activations after each
/// activation layer, and the root-mean-square of the gradient each conv layer's weight receives.
struct LayerScales {
    /// "block 1 (256×4×4)" → std of the activations there.
    var activations: [(layer: String, std: Double)] = []
    /// "ConvTranspose2d(…)" → RMS of its weight's gradient.
    var gradients: [(layer: String, rms: Double)] = []
}

/// Runs `model` on `input` layer by layer and records the activation std after every activation layer.
func activationScales(_ model: Sequential, input: Tensor) -> (scales: [(layer: String, std: Double)], output: Tensor) {
    var x = input, scales: [(String, Double)] = [], block = 0
    for layer in model.layers {
        x = layer(x)
        if layer is ReLU || layer is LeakyReLU || layer is Tanh {
            block += 1
            let shape = x.shape.dropFirst().map(String.init).joined(separator: "×")
            scales.append((layer is Tanh ? "image (\(shape))" : "block \(block) (\(shape))", standardDeviation(x)))
        }
    }
    return (scales, x)
}

/// The RMS of the gradient in each conv layer's weight of `model` (after a `backward()`).
func gradientScales(_ model: Sequential) -> [(layer: String, rms: Double)] {
    model.layers.compactMap { layer -> (String, Double)? in
        guard let weight = (layer as? Conv2d)?.weight ?? (layer as? ConvTranspose2d)?.weight, let grad = weight.grad else { return nil }
        return (describe(layer), rootMeanSquare(grad))
    }
}

/// The scales of a DCGAN's G and D at initialisation, for one batch: G's activations for noise `z`,
/// D's activations for `real`, and the weight gradients of G's loss (in G) and of D's loss (in D).
func measureScales(generator: Sequential, discriminator: Sequential, real: Tensor, z: Tensor) -> (g: LayerScales, d: LayerScales) {
    let bce = BCELoss(), batch = real.shape[0]
    var g = LayerScales(), d = LayerScales()
    generator.zeroGrad()
    discriminator.zeroGrad()
    let (gActivations, fake) = activationScales(generator, input: z)
    g.activations = gActivations
    bce(discriminator(fake), Tensor.ones([batch, 1])).backward()
    g.gradients = gradientScales(generator)
    discriminator.zeroGrad()
    let (dActivations, dReal) = activationScales(discriminator, input: real)
    d.activations = dActivations
    let lossD = bce(dReal, Tensor.ones([batch, 1])) + bce(discriminator(fake.detach()), Tensor.zeros([batch, 1]))
    lossD.backward()
    d.gradients = gradientScales(discriminator)
    generator.zeroGrad()
    discriminator.zeroGrad()
    return (g, d)
}

/// The standard deviation of all elements of `t`.
func standardDeviation(_ t: Tensor) -> Double { meanAndStd([t]).std }

/// √(mean of the squares) of all elements of `t`.
func rootMeanSquare(_ t: Tensor) -> Double {
    let values = t.doubles
    return (values.reduce(0) { $0 + $1 * $1 } / Double(max(values.count, 1))).squareRoot()
}
