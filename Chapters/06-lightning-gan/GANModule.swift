import LightningStyle
import NeuralNetworks
import TensorCore

/// The tutorial's `GAN(pl.LightningModule)`: both networks, the hyper-parameters, the optimizers and the training
/// step, in the Lightning 1.x automatic style (optimizer 0 = generator, 1 = discriminator) or the 2.x manual style.
final class TutorialGAN: LightningModule {
    let generator: Sequential
    let discriminator: Sequential
    let style: TrainingStyle
    let bce = BCELoss()
    /// How often the generator ran and noise was drawn in training steps (what automatic optimisation costs).
    var generatorRuns = 0
    var noiseDraws = 0

    init(seed: UInt64, style: TrainingStyle, tanh: Bool, lr: Double = 2e-4) {
        var generator = SeededGenerator(seed: seed)
        self.generator = makeGenerator(tanh: tanh, using: &generator)
        discriminator = makeDiscriminator(using: &generator)
        self.style = style
        super.init()
        saveHyperparameters(["latent_dim": latentDim, "lr": lr, "output": tanh ? "tanh" : "none"])
    }

    override var automaticOptimization: Bool { style == .automatic }
    override var models: [(name: String, module: any Module)] { [("generator", generator), ("discriminator", discriminator)] }

    /// `forward`: the generator.
    func callAsFunction(_ z: Tensor) -> Tensor {
        generatorRuns += 1
        return generator(z)
    }

    /// Noise for `n` images, from the batch's random numbers.
    func noise(_ n: Int) -> Tensor {
        noiseDraws += 1
        return Tensor.randn([n, latentDim], using: &random)
    }

    override func configureOptimizers() -> [any Optimizer] {
        let lr = hparams.double("lr")!
        return [Adam(generator.parameters(), lr: lr), Adam(discriminator.parameters(), lr: lr)]
    }

    /// Lightning 1.x: called twice per batch. Each call draws its own noise and runs the generator again.
    override func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? {
        let real = batch.images, n = real.shape[0]
        let z = noise(n)
        if optimizerIndex == 0 {
            // The generator: maximise log D(G(z)), i.e. BCE against "real".
            let gLoss = bce(discriminator(self(z)), Tensor.ones([n, 1]))
            log("g_loss", Double(gLoss.item), onStep: true, onEpoch: true, progressBar: true)
            return gLoss
        }
        // The discriminator: maximise log D(x) + log(1 − D(G(z))); the fakes detached.
        let realLoss = bce(discriminator(real), Tensor.ones([n, 1]))
        let fakeLoss = bce(discriminator(self(z).detach()), Tensor.zeros([n, 1]))
        let dLoss = (realLoss + fakeLoss) / 2
        log("d_loss", Double(dLoss.item), onStep: true, onEpoch: true, progressBar: true)
        return dLoss
    }

    /// Lightning 2.x manual optimisation: one call per batch, noise drawn once, the generator run once.
    override func trainingStep(_ batch: Batch, batchIndex: Int) {
        let (optimizerG, optimizerD) = (optimizers()[0], optimizers()[1])
        let real = batch.images, n = real.shape[0]
        let fake = self(noise(n))

        toggleOptimizer(optimizerG)
        optimizerG.zeroGrad()
        let gLoss = bce(discriminator(fake), Tensor.ones([n, 1]))
        manualBackward(gLoss)
        optimizerG.step()
        untoggleOptimizer(optimizerG)

        toggleOptimizer(optimizerD)
        optimizerD.zeroGrad()
        let dLoss = (bce(discriminator(real), Tensor.ones([n, 1])) + bce(discriminator(fake.detach()), Tensor.zeros([n, 1]))) / 2
        manualBackward(dLoss)
        optimizerD.step()
        untoggleOptimizer(optimizerD)

        log("g_loss", Double(gLoss.item), onStep: true, onEpoch: true, progressBar: true)
        log("d_loss", Double(dLoss.item), onStep: true, onEpoch: true, progressBar: true)
    }

    /// Validation: D's mean verdict on held-out real images (a GAN has no validation loss worth the name).
    override func validationStep(_ batch: Batch, batchIndex: Int) {
        log("val_d_real", Double(discriminator(batch.images).mean().item))
    }

    /// `count` generated images without gradients, from noise drawn with `seed`.
    func sample(_ count: Int, seed: UInt64) -> Tensor {
        var noiseGenerator = SeededGenerator(seed: seed)
        return sample(Tensor.randn([count, latentDim], using: &noiseGenerator))
    }

    /// The generator's images for `z`, without gradients and without counting as a training run.
    func sample(_ z: Tensor) -> Tensor { withNoGrad { generator(z) } }
}

/// Lightning 1.x automatic optimisation, or 2.x manual optimisation.
enum TrainingStyle: String, CaseIterable {
    case automatic, manual
}
