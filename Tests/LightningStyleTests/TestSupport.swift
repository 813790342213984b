import Datasets
import Foundation
@testable import LightningStyle
import NeuralNetworks
import TensorCore

/// `count` random 1×4×4 images in two classes.
func tinyDataset(count: Int, seed: UInt64 = 1) -> ImageDataset {
    var generator = SeededGenerator(seed: seed)
    let pixels = (0..<(count * 16)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    return ImageDataset(images: pixels, labels: (0..<count).map { $0 % 2 }, classNames: ["a", "b"],
                        channels: 1, height: 4, width: 4, source: "test")
}

/// Serves a training set (and optionally a validation set) in batches; counts its own calls.
final class TinyData: LightningDataModule {
    let train: ImageDataset
    let validation: ImageDataset?
    let batchSize: Int
    var calls: [String] = []

    init(train: ImageDataset, validation: ImageDataset? = nil, batchSize: Int) {
        self.train = train
        self.validation = validation
        self.batchSize = batchSize
    }

    override func prepareData() throws { calls.append("prepareData") }
    override func setup(stage: Stage) throws { calls.append("setup(\(stage))") }
    override func trainDataLoader() throws -> DataLoader { DataLoader(train, batchSize: batchSize, dropLast: false) }
    override func valDataLoader() throws -> DataLoader? {
        validation.map { DataLoader($0, batchSize: batchSize, shuffle: false, dropLast: false) }
    }
}

/// A GAN small enough to train in a test: G maps 3 noise numbers to a 1×4×4 image, D (with dropout) judges it.
final class TinyGAN: LightningModule {
    let generator: Sequential
    let discriminator: Sequential
    let manual: Bool
    let bce = BCELoss()
    /// Called at the start of every automatic training step with (batch index, optimizer index).
    var onStep: ((Int, Int) -> Void)?
    /// Called from the module's own epoch-end hook.
    var onEpochEnd: (() -> Void)?

    init(seed: UInt64 = 7, manual: Bool = false, lr: Double = 0.01) {
        var generator = SeededGenerator(seed: seed)
        (self.generator, discriminator) = tinyModels(using: &generator)
        self.manual = manual
        super.init()
        saveHyperparameters(["latent_dim": 3, "lr": lr])
    }

    override var automaticOptimization: Bool { !manual }
    override var models: [(name: String, module: any Module)] { [("generator", generator), ("discriminator", discriminator)] }

    override func configureOptimizers() -> [any Optimizer] {
        let lr = hparams.double("lr")!
        return [Adam(generator.parameters(), lr: lr), Adam(discriminator.parameters(), lr: lr)]
    }

    override func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? {
        onStep?(batchIndex, optimizerIndex)
        let n = batch.images.shape[0]
        let z = Tensor.randn([n, 3], using: &random)
        if optimizerIndex == 0 {
            let loss = bce(discriminator(generator(z)), Tensor.ones([n, 1]))
            log("g_loss", Double(loss.item), progressBar: true)
            return loss
        }
        let loss = (bce(discriminator(batch.images), Tensor.ones([n, 1])) + bce(discriminator(generator(z).detach()), Tensor.zeros([n, 1]))) / 2
        log("d_loss", Double(loss.item), onEpoch: true, progressBar: true)
        return loss
    }

    override func trainingStep(_ batch: Batch, batchIndex: Int) {
        let (optimizerG, optimizerD) = (optimizers()[0], optimizers()[1])
        let n = batch.images.shape[0]
        let fake = generator(Tensor.randn([n, 3], using: &random))
        toggleOptimizer(optimizerG)
        optimizerG.zeroGrad()
        let lossG = bce(discriminator(fake), Tensor.ones([n, 1]))
        manualBackward(lossG)
        optimizerG.step()
        untoggleOptimizer(optimizerG)
        toggleOptimizer(optimizerD)
        optimizerD.zeroGrad()
        let lossD = (bce(discriminator(batch.images), Tensor.ones([n, 1])) + bce(discriminator(fake.detach()), Tensor.zeros([n, 1]))) / 2
        manualBackward(lossD)
        optimizerD.step()
        untoggleOptimizer(optimizerD)
        log("d_loss", Double(lossD.item), onEpoch: true)
    }

    override func validationStep(_ batch: Batch, batchIndex: Int) {
        log("val_d_real", Double(discriminator(batch.images).mean().item))
    }

    override func onTrainEpochEnd() throws { onEpochEnd?() }
}

func tinyModels(using generator: inout SeededGenerator) -> (Sequential, Sequential) {
    let g = Sequential(Linear(3, 16, using: &generator), Tanh(), Reshape([1, 4, 4]))
    let d = Sequential(Flatten(), Linear(16, 8, using: &generator), ReLU(), Dropout(0.3, using: &generator),
                       Linear(8, 1, using: &generator), Sigmoid())
    return (g, d)
}

/// The trainer's automatic loop written out by hand: per batch, the same generator and dropout seeds, then
/// G's update and D's update, each on freshly drawn noise. Returns the models after `batches` batches.
func handWrittenAutomaticLoop(dataset: ImageDataset, batchSize: Int, batches: Int, seed: UInt64, modelSeed: UInt64 = 7,
                              lr: Double = 0.01) -> (Sequential, Sequential) {
    var generator = SeededGenerator(seed: modelSeed)
    let (g, d) = tinyModels(using: &generator)
    let optimizerG = Adam(g.parameters(), lr: lr), optimizerD = Adam(d.parameters(), lr: lr)
    let bce = BCELoss()
    var done = 0, epoch = 0
    while done < batches {
        var loader = DataLoader(dataset, batchSize: batchSize, dropLast: false, seed: Trainer.shuffleSeed(seed: seed, epoch: epoch))
        for (batchIndex, batch) in loader.epoch().enumerated() where done < batches {
            var random = Trainer.batchGenerator(seed: seed, epoch: epoch, batchIndex: batchIndex)
            reseedDropout(in: [g, d], using: &random)
            let n = batch.images.shape[0]
            // Generator: D's parameters do not need gradients meanwhile (toggle_optimizer).
            d.freeze()
            let lossG = bce(d(g(Tensor.randn([n, 3], using: &random))), Tensor.ones([n, 1]))
            optimizerG.zeroGrad()
            lossG.backward()
            optimizerG.step()
            d.unfreeze()
            g.freeze()
            let z = Tensor.randn([n, 3], using: &random)
            let lossD = (bce(d(batch.images), Tensor.ones([n, 1])) + bce(d(g(z).detach()), Tensor.zeros([n, 1]))) / 2
            optimizerD.zeroGrad()
            lossD.backward()
            optimizerD.step()
            g.unfreeze()
            done += 1
        }
        epoch += 1
    }
    return (g, d)
}

/// Every parameter's bits, by name.
func parameterBits(_ models: [(String, any Module)]) -> [String: [UInt32]] {
    var bits: [String: [UInt32]] = [:]
    for (prefix, model) in models {
        for (name, tensor) in model.namedParameters() { bits["\(prefix).\(name)"] = tensor.scalars.map(\.bitPattern) }
    }
    return bits
}

/// A callback that writes down every hook it sees, into a shared list.
final class RecordingCallback: Callback {
    let label: String
    let monitoring: Bool
    let sink: EventSink

    init(_ label: String, monitoring: Bool = false, sink: EventSink) {
        self.label = label
        self.monitoring = monitoring
        self.sink = sink
    }

    var name: String { "Recording-\(label)" }
    var isMonitoring: Bool { monitoring }
    func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws { sink.events.append("\(label).fitStart") }
    func onFitEnd(_ trainer: Trainer, _ module: LightningModule) throws { sink.events.append("\(label).fitEnd") }
    func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws { sink.events.append("\(label).epochStart(\(trainer.currentEpoch))") }
    func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws { sink.events.append("\(label).epochEnd(\(trainer.currentEpoch))") }
    func onTrainBatchEnd(_ trainer: Trainer, _ module: LightningModule, batch: Batch, batchIndex: Int) throws {
        sink.events.append("\(label).batchEnd(\(batchIndex))")
    }
    func onValidationEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws { sink.events.append("\(label).validationEnd") }
}

final class EventSink { var events: [String] = [] }

/// A module whose only job is to log a scripted value at every epoch end, for the monitoring callbacks.
final class ScriptedMetric: LightningModule {
    let values: [Double]
    let name: String
    let model: Linear

    init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values
        var generator = SeededGenerator(seed: 1)
        model = Linear(1, 1, using: &generator)
    }

    override var models: [(name: String, module: any Module)] { [("model", model)] }
    override func configureOptimizers() -> [any Optimizer] { [SGD(model.parameters(), lr: 0.1)] }
    override func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? { (model.weight * model.weight).sum() + 1 }
    override func onTrainEpochEnd() throws { log(name, values[min(trainer!.currentEpoch, values.count - 1)]) }
}
