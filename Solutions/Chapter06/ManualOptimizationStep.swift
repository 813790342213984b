import NeuralNetworks
import TensorCore

extension Chapter06 {
    /// Exercise 6.4: one GAN training step in Lightning 2.x's manual style, written with plain models.
    ///
    /// With `real` images `[B, …]` and `noise` `[B, latent]`:
    /// 1. run the generator **once**: `fake = generator(noise)`;
    /// 2. the generator's update: clear G's gradients, loss BCE(D(fake), 1), backward, `optimizerG.step()`.
    ///    The discriminator's parameters must not receive gradients meanwhile (what `toggleOptimizer` does);
    /// 3. the discriminator's update: clear D's gradients, loss (BCE(D(real), 1) + BCE(D(fake detached), 0)) / 2,
    ///    backward, `optimizerD.step()`. Reuse the same `fake`, detached: no second generator run, no new noise.
    /// Leave every parameter's `requiresGrad` as you found it. Return both losses.
    public static func manualOptimizationStep(generator: Sequential, discriminator: Sequential,
                                              optimizerG: any Optimizer, optimizerD: any Optimizer,
                                              real: Tensor, noise: Tensor) throws -> (generatorLoss: Float, discriminatorLoss: Float) {
        let bce = BCELoss()
        let n = real.shape[0]
        let fake = generator(noise)

        discriminator.freeze()
        optimizerG.zeroGrad()
        let generatorLoss = bce(discriminator(fake), Tensor.ones([n, 1]))
        generatorLoss.backward()
        optimizerG.step()
        discriminator.unfreeze()

        optimizerD.zeroGrad()
        let discriminatorLoss = (bce(discriminator(real), Tensor.ones([n, 1])) + bce(discriminator(fake.detach()), Tensor.zeros([n, 1]))) / 2
        discriminatorLoss.backward()
        optimizerD.step()
        return (generatorLoss.item, discriminatorLoss.item)
    }
}
