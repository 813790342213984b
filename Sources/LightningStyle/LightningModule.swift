import Datasets
import NeuralNetworks
import TensorCore

/// One mini-batch as a training step sees it: images `[B, C, H, W]` and their labels.
public typealias Batch = DataLoader.Batch

/// The model side of Lightning-style training: *what* one step computes. Subclass it, as `pl.LightningModule`.
///
/// The trainer owns the loop. In the **automatic** style (Lightning 1.x, `automaticOptimization = true`) it calls
/// `trainingStep(_:batchIndex:optimizerIndex:)` once per optimizer per batch, in `configureOptimizers()` order, and
/// does `zeroGrad`, `backward` and `step` itself on the loss you return. In the **manual** style (Lightning 2.x GANs,
/// `automaticOptimization = false`) it calls `trainingStep(_:batchIndex:)` once per batch and you do the updates with
/// `optimizers()`, `manualBackward(_:)`, `toggleOptimizer(_:)` and `untoggleOptimizer(_:)`.
open class LightningModule {
    /// Automatic (1.x, `true`, the default) or manual (2.x GAN style, `false`) optimisation.
    open var automaticOptimization: Bool { true }
    /// The networks this module trains, by name: put in train or eval mode by the trainer, saved in checkpoints,
    /// and their dropout layers reseeded at every batch.
    open var models: [(name: String, module: any Module)] { [] }

    /// What `saveHyperparameters` recorded; written beside the logs and into checkpoints.
    public private(set) var hparams = Hyperparameters()
    /// The random numbers of the current batch: derived by the trainer from its seed, the epoch and the batch index,
    /// so a resumed run draws exactly what the uninterrupted one drew. Draw noise from it.
    public var random = SeededGenerator(seed: 0)
    /// The trainer running this module, while it runs.
    public internal(set) weak var trainer: Trainer?
    /// The optimizers of `configureOptimizers()`, wrapped so the trainer can count their steps.
    var wrappedOptimizers: [LightningOptimizer] = []

    public init() {}

    /// Records hyper-parameters under their names, like `self.save_hyperparameters()`.
    public func saveHyperparameters(_ values: KeyValuePairs<String, any CustomStringConvertible>) {
        for (name, value) in values { hparams[name] = value.description }
    }

    /// The optimizers, in the order the training step refers to them (index 0, 1, …).
    open func configureOptimizers() -> [any Optimizer] { [] }

    /// Automatic style: the loss for optimizer `optimizerIndex` on this batch, or nil to skip that optimizer's update.
    open func trainingStep(_ batch: Batch, batchIndex: Int, optimizerIndex: Int) -> Tensor? {
        preconditionFailure("\(type(of: self)): override trainingStep(_:batchIndex:optimizerIndex:) (automatic optimisation) "
                            + "or set automaticOptimization to false and override trainingStep(_:batchIndex:)")
    }

    /// Manual style: one batch, with the updates done here through `optimizers()` and `manualBackward(_:)`.
    open func trainingStep(_ batch: Batch, batchIndex: Int) {
        preconditionFailure("\(type(of: self)): with automaticOptimization = false, override trainingStep(_:batchIndex:)")
    }

    /// One validation batch; runs without gradients, with the models in evaluation mode. Default: nothing.
    open func validationStep(_ batch: Batch, batchIndex: Int) {}

    /// Called after every training epoch, after the callbacks' own hook (e.g. the tutorial's plot of six samples).
    open func onTrainEpochEnd() throws {}

    // MARK: Services the trainer provides while it runs

    /// Logs a value. Defaults as in Lightning: in a training step on every step only; in a validation step
    /// once per epoch only. With both `onStep` and `onEpoch`, the values are logged as `name_step` and
    /// `name_epoch`. The epoch value is the mean over the epoch's batches **weighted by batch size**.
    public func log(_ name: String, _ value: Double, onStep: Bool? = nil, onEpoch: Bool? = nil, progressBar: Bool = false,
                    batchSize: Int? = nil) {
        guard let trainer else { preconditionFailure("log(\"\(name)\"): the module is not attached to a trainer") }
        trainer.record(name, value, onStep: onStep, onEpoch: onEpoch, progressBar: progressBar, batchSize: batchSize)
    }

    /// The optimizers of `configureOptimizers()`, as the trainer wraps them (manual optimisation).
    public func optimizers() -> [LightningOptimizer] { wrappedOptimizers }

    /// `loss.backward()`, as `self.manual_backward(loss)`; the place where precision plugins would scale the loss.
    public func manualBackward(_ loss: Tensor) { loss.backward() }

    /// Switches off gradients for every parameter that is not `optimizer`'s, remembering their previous state
    /// (`toggle_optimizer`): a generator step then computes no gradients for the discriminator.
    public func toggleOptimizer(_ optimizer: LightningOptimizer) {
        let own = Set(optimizer.optimizer.parameters.map(ObjectIdentifier.init))
        for other in wrappedOptimizers where other !== optimizer {
            for parameter in other.optimizer.parameters where !own.contains(ObjectIdentifier(parameter)) {
                let key = ObjectIdentifier(parameter)
                if toggledParameters[key] == nil { toggledParameters[key] = (parameter, parameter.requiresGrad) }
                parameter.requiresGrad = false
            }
        }
    }

    /// Gives back every parameter switched off by `toggleOptimizer` its previous `requiresGrad`.
    public func untoggleOptimizer(_ optimizer: LightningOptimizer) {
        for (_, entry) in toggledParameters { entry.parameter.requiresGrad = entry.requiredGrad }
        toggledParameters = [:]
    }

    private var toggledParameters: [ObjectIdentifier: (parameter: Tensor, requiredGrad: Bool)] = [:]

    /// Every model's parameters and buffers under `<model name>.<parameter name>`.
    var namedTensors: [(name: String, tensor: Tensor)] {
        models.flatMap { name, model in
            (model.namedParameters() + model.namedBuffers()).map { ("\(name).\($0.name)", $0.tensor) }
        }
    }

    /// Puts every model in training (`true`) or evaluation mode.
    func setTraining(_ mode: Bool) {
        for (_, model) in models { model.train(mode) }
    }
}
