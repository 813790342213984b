import Datasets
import LightningStyle
import NeuralNetworks
import TensorCore

/// What the trainer does for `batches` batches, written out by hand on plain models and optimizers:
/// the same shuffles and random numbers (derived from `seed`, the epoch and the batch index, as the trainer derives
/// them), the same updates in the same order. With `.automatic`: per batch, G's update on fresh noise with D's
/// parameters switched off, then D's update on fresh noise again. With `.manual`: noise once, G once, both updates.
func handWrittenLoop(_ style: TrainingStyle, generator g: Sequential, discriminator d: Sequential, loader: DataLoader,
                     batches: Int, seed: UInt64, lr: Double = 2e-4) {
    let optimizerG = Adam(g.parameters(), lr: lr), optimizerD = Adam(d.parameters(), lr: lr)
    let bce = BCELoss()
    var done = 0, epoch = 0
    while done < batches {
        var epochLoader = DataLoader(loader.dataset, batchSize: loader.batchSize, shuffle: loader.shuffle, dropLast: loader.dropLast,
                                     normalization: loader.normalization, seed: Trainer.shuffleSeed(seed: seed, epoch: epoch))
        for (batchIndex, batch) in epochLoader.epoch().enumerated() where done < batches {
            var random = Trainer.batchGenerator(seed: seed, epoch: epoch, batchIndex: batchIndex)
            reseedDropout(in: [g, d], using: &random)
            let real = batch.images, n = real.shape[0]
            let ones = Tensor.ones([n, 1]), zeros = Tensor.zeros([n, 1])
            switch style {
            case .automatic:
                d.freeze()
                let gLoss = bce(d(g(Tensor.randn([n, latentDim], using: &random))), ones)
                optimizerG.zeroGrad()
                gLoss.backward()
                optimizerG.step()
                d.unfreeze()
                g.freeze()
                let z = Tensor.randn([n, latentDim], using: &random)
                let dLoss = (bce(d(real), ones) + bce(d(g(z).detach()), zeros)) / 2
                optimizerD.zeroGrad()
                dLoss.backward()
                optimizerD.step()
                g.unfreeze()
            case .manual:
                let fake = g(Tensor.randn([n, latentDim], using: &random))
                optimizerG.zeroGrad()
                bce(d(fake), ones).backward()
                optimizerG.step()
                optimizerD.zeroGrad()
                ((bce(d(real), ones) + bce(d(fake.detach()), zeros)) / 2).backward()
                optimizerD.step()
            }
            done += 1
        }
        epoch += 1
    }
}

/// The largest absolute difference between the parameters of two models of the same architecture.
func largestDifference(_ a: [any Module], _ b: [any Module]) -> (difference: Float, parameters: Int) {
    let pa = a.flatMap { $0.parameters() }, pb = b.flatMap { $0.parameters() }
    precondition(pa.count == pb.count, "largestDifference: the models differ in their parameters")
    var largest: Float = 0, count = 0
    for (x, y) in zip(pa, pb) {
        count += x.count
        for (u, v) in zip(x.scalars, y.scalars) { largest = max(largest, abs(u - v)) }
    }
    return (largest, count)
}
