import Datasets
import Foundation
import NeuralNetworks
import TensorCore

/// Runs the loop, the logging, the checkpoints and the callbacks for a `LightningModule`, as `pl.Trainer`.
///
///     let trainer = Trainer(maxEpochs: 20, rootDirectory: output, seed: 42)
///     try trainer.fit(model, datamodule: data)
///
/// What it does for one batch, in the automatic style (Lightning 1.x), for each optimizer i in order:
/// `toggleOptimizer(i)` (only with more than one), `loss = trainingStep(batch, batchIndex, optimizerIndex: i)`,
/// `zeroGrad`, `loss.backward()`, `step`, `untoggleOptimizer(i)`. In the manual style it calls
/// `trainingStep(batch, batchIndex)` once. Validation runs at the end of every training epoch, without gradients
/// and with the models in evaluation mode.
///
/// Semantics worth knowing (all as in Lightning ≥ 1.6 and 2.x):
/// - `globalStep` counts **optimizer steps**, not batches: a GAN with two optimizers takes two per batch,
///   so `maxSteps: 1000` stops after 500 batches.
/// - `currentEpoch` starts at 0; without `maxEpochs` or `maxSteps` the trainer stops after 1000 epochs.
/// - Reproducibility: each epoch's shuffle and each batch's random numbers (`module.random`, every dropout layer)
///   are derived from `seed`, the epoch and the batch index. A run resumed from a checkpoint (`fit(…, checkpointPath:)`)
///   therefore continues exactly as the uninterrupted run would have, mid-epoch too: same models, optimizers,
///   data order, noise and epoch averages. (A callback that acted at a cut-short epoch end keeps what it saw.)
public final class Trainer {
    public let maxEpochs: Int?
    /// The optimizer steps after which training stops; -1 for no limit.
    public let maxSteps: Int
    /// At most this many training batches per epoch (nil: all).
    public let limitTrainBatches: Int?
    /// At most this many validation batches per epoch (nil: all).
    public let limitValBatches: Int?
    /// One training batch and one validation batch, with no logger and no checkpoints: a smoke test of the code.
    public let fastDevRun: Bool
    /// The callbacks in the order their hooks run (the progress bar and a default checkpoint are added by `fit`).
    public private(set) var callbacks: [any Callback]
    /// Where the logs (`lightning_logs/version_N`) and default checkpoints go.
    public let rootDirectory: URL
    /// The seed every shuffle and every batch's random numbers derive from (a resumed run takes its checkpoint's).
    public private(set) var seed: UInt64
    /// Step metrics go to the logger every this many batches.
    public let logEveryNSteps: Int
    private let usesLogger: Bool
    private let enableProgressBar: Bool
    private let enableCheckpointing: Bool

    /// The logger of the current or last run, nil with `logger: false` or `fastDevRun`.
    public private(set) var logger: CSVLogger?
    /// The epoch being trained or just finished, from 0.
    public private(set) var currentEpoch = 0
    /// Optimizer steps taken so far.
    public private(set) var globalStep = 0
    /// Batches done in the current epoch.
    public private(set) var batchesInEpoch = 0
    /// Training batches an epoch has (after `limitTrainBatches`).
    public private(set) var batchesPerEpoch = 0
    /// Set to true (e.g. by early stopping) to end training after the current epoch.
    public var shouldStop = false
    /// The latest value of every logged metric (step values under their step names, epoch values under theirs).
    public private(set) var callbackMetrics: [String: Double] = [:]
    /// The metrics logged with `progressBar: true`, latest values, in the order first logged.
    public private(set) var progressBarMetrics: [(name: String, value: Double)] = []
    /// Called with every file's URL just before the trainer, its logger or a callback writes it, e.g. to put the
    /// name on a run's list of files (`OutputFolder`) so that an interrupted run is cleaned up too.
    public var willWrite: ((URL) -> Void)?
    /// Wall-clock seconds the last `fit` spent.
    public private(set) var fitSeconds = 0.0

    private var trainEpochMetrics = EpochMetrics()
    private var validationEpochMetrics = EpochMetrics()
    private var stage = Stage.fit
    private var inEpochEnd = false
    private var currentBatchSize = 0
    private var batchesSeen = 0
    private var pendingStepRow: [(name: String, value: Double)] = []
    private var epochRow: [(name: String, value: Double)] = []
    private weak var module: LightningModule?

    public init(maxEpochs: Int? = nil, maxSteps: Int = -1, limitTrainBatches: Int? = nil, limitValBatches: Int? = nil,
                fastDevRun: Bool = false, callbacks: [any Callback] = [], logger: Bool = true, rootDirectory: URL,
                seed: UInt64 = 0, logEveryNSteps: Int = 50, enableProgressBar: Bool = true, enableCheckpointing: Bool = true) {
        precondition(maxEpochs.map { $0 >= 0 } ?? true, "Trainer: maxEpochs must be ≥ 0")
        precondition(maxSteps >= -1, "Trainer: maxSteps must be -1 (no limit) or ≥ 0")
        precondition(limitTrainBatches.map { $0 > 0 } ?? true && limitValBatches.map { $0 >= 0 } ?? true,
                     "Trainer: limitTrainBatches must be positive and limitValBatches ≥ 0")
        precondition(logEveryNSteps > 0, "Trainer: logEveryNSteps must be positive")
        self.maxEpochs = fastDevRun ? 1 : maxEpochs ?? (maxSteps == -1 ? 1000 : nil)
        self.maxSteps = maxSteps
        self.limitTrainBatches = fastDevRun ? 1 : limitTrainBatches
        self.limitValBatches = fastDevRun ? 1 : limitValBatches
        self.fastDevRun = fastDevRun
        self.callbacks = fastDevRun ? callbacks.filter { !$0.isMonitoring } : callbacks
        self.rootDirectory = rootDirectory
        self.seed = seed
        self.logEveryNSteps = logEveryNSteps
        usesLogger = logger && !fastDevRun
        self.enableProgressBar = enableProgressBar
        self.enableCheckpointing = enableCheckpointing && !fastDevRun
    }

    // MARK: Fitting

    /// Trains `module` on `datamodule`'s data; with `checkpointPath`, first restores everything from that checkpoint
    /// and continues where it stopped.
    public func fit(_ module: LightningModule, datamodule: LightningDataModule, checkpointPath: URL? = nil) throws {
        let clock = ContinuousClock.now
        attach(module)
        defer { detach(module) }
        try datamodule.prepareData()
        try datamodule.setup(stage: .fit)
        let trainLoader = try datamodule.trainDataLoader()
        let validationLoader = try datamodule.valDataLoader()
        batchesPerEpoch = min(trainLoader.count, limitTrainBatches ?? .max)
        guard batchesPerEpoch > 0 else {
            throw LightningError.misconfigured("Trainer.fit: the training loader has no batches (\(trainLoader.dataset.count) images, batch size \(trainLoader.batchSize))")
        }
        resetProgress()
        let savedMetadata = try checkpointPath.map { try restore(from: $0, module: module) }
        if usesLogger {
            logger = try CSVLogger(root: rootDirectory)
            logger?.willWrite = willWrite
            try logger?.logHyperparameters(module.hparams)
        } else {
            logger = nil
        }
        addDefaultCallbacks()
        if let savedMetadata, let checkpointPath { try loadCallbackStates(savedMetadata, path: checkpointPath.path) }
        for callback in callbacks { try callback.onFitStart(self, module) }
        module.setTraining(true)
        while !shouldStop && !reachedMaxEpochs && !reachedMaxSteps {
            try runTrainingEpoch(module, trainLoader: trainLoader, validationLoader: validationLoader)
        }
        fitSeconds = seconds(ContinuousClock.now - clock)
        for callback in callbacks { try callback.onFitEnd(self, module) }
        try logger?.flush()
    }

    /// Runs one validation pass of `module` on `datamodule`'s validation data and returns its epoch values.
    @discardableResult
    public func validate(_ module: LightningModule, datamodule: LightningDataModule) throws -> [String: Double] {
        attach(module)
        defer { detach(module) }
        try datamodule.prepareData()
        try datamodule.setup(stage: .validate)
        guard let loader = try datamodule.valDataLoader() else {
            throw LightningError.misconfigured("Trainer.validate: \(type(of: datamodule)) has no validation loader (override valDataLoader())")
        }
        let values = try runValidation(module, loader: loader, callHooks: false)
        return Dictionary(values.map { ($0.name, $0.value) }) { $1 }
    }

    private var reachedMaxEpochs: Bool { maxEpochs.map { currentEpoch >= $0 } ?? false }
    private var reachedMaxSteps: Bool { maxSteps >= 0 && globalStep >= maxSteps }

    private func attach(_ module: LightningModule) {
        self.module = module
        module.trainer = self
        module.wrappedOptimizers = module.configureOptimizers().map { optimizer in
            LightningOptimizer(optimizer) { [weak self] in self?.globalStep += 1 }
        }
    }

    private func detach(_ module: LightningModule) {
        module.trainer = nil
        self.module = nil
    }

    private func resetProgress() {
        currentEpoch = 0
        globalStep = 0
        batchesInEpoch = 0
        batchesSeen = 0
        shouldStop = false
        callbackMetrics = [:]
        progressBarMetrics = []
        trainEpochMetrics = EpochMetrics()
    }

    private func addDefaultCallbacks() {
        if enableCheckpointing && !callbacks.contains(where: { $0 is ModelCheckpoint }) {
            callbacks.append(ModelCheckpoint())
        }
        if enableProgressBar && !callbacks.contains(where: { $0 is ProgressBar }) {
            callbacks.insert(ProgressBar(), at: 0)
        }
        // As in Lightning, checkpoints go last, so that the files they write hold the other callbacks' new state.
        callbacks = callbacks.filter { !($0 is ModelCheckpoint) } + callbacks.filter { $0 is ModelCheckpoint }
    }

    private func runTrainingEpoch(_ module: LightningModule, trainLoader: DataLoader, validationLoader: DataLoader?) throws {
        if batchesInEpoch == 0 {
            trainEpochMetrics = EpochMetrics()
            for callback in callbacks { try callback.onTrainEpochStart(self, module) }
        }
        var loader = DataLoader(trainLoader.dataset, batchSize: trainLoader.batchSize, shuffle: trainLoader.shuffle,
                                dropLast: trainLoader.dropLast, normalization: trainLoader.normalization,
                                seed: Trainer.shuffleSeed(seed: seed, epoch: currentEpoch))
        var batchIndex = 0
        for batch in loader.epoch() {
            defer { batchIndex += 1 }
            if batchIndex < batchesInEpoch { continue }  // resuming mid-epoch: these were trained before
            if batchIndex >= batchesPerEpoch || reachedMaxSteps { break }
            try runTrainingBatch(module, batch: batch, batchIndex: batchIndex)
        }
        epochRow = []
        if let validationLoader, limitValBatches != 0 {
            _ = try runValidation(module, loader: validationLoader, callHooks: true)
        }
        try endTrainingEpoch(module)
    }

    private func runTrainingBatch(_ module: LightningModule, batch: Batch, batchIndex: Int) throws {
        stage = .fit
        currentBatchSize = batch.images.shape[0]
        module.random = Trainer.batchGenerator(seed: seed, epoch: currentEpoch, batchIndex: batchIndex)
        reseedDropout(in: module.models.map(\.module), using: &module.random)
        pendingStepRow = []
        if module.automaticOptimization {
            let optimizers = module.wrappedOptimizers
            for (index, optimizer) in optimizers.enumerated() {
                if optimizers.count > 1 { module.toggleOptimizer(optimizer) }
                if let loss = module.trainingStep(batch, batchIndex: batchIndex, optimizerIndex: index) {
                    optimizer.zeroGrad()
                    loss.backward()
                    optimizer.step()
                }
                if optimizers.count > 1 { module.untoggleOptimizer(optimizer) }
            }
        } else {
            module.trainingStep(batch, batchIndex: batchIndex)
        }
        batchesInEpoch = batchIndex + 1
        batchesSeen += 1
        if batchesSeen % logEveryNSteps == 0 {
            logger?.log(pendingStepRow, epoch: currentEpoch, step: globalStep)
        }
        for callback in callbacks { try callback.onTrainBatchEnd(self, module, batch: batch, batchIndex: batchIndex) }
    }

    private func runValidation(_ module: LightningModule, loader: DataLoader, callHooks: Bool) throws -> [(name: String, value: Double)] {
        stage = .validate
        defer { stage = .fit }
        validationEpochMetrics = EpochMetrics()
        module.setTraining(false)
        defer { module.setTraining(true) }
        var epoch = loader
        for (index, batch) in epoch.epoch().enumerated() {
            if let limit = limitValBatches, index >= limit { break }
            currentBatchSize = batch.images.shape[0]
            withNoGrad { module.validationStep(batch, batchIndex: index) }
        }
        let values = validationEpochMetrics.values
        for (name, value) in values { publish(name, value, progressBar: false) }
        epochRow += values
        if callHooks { for callback in callbacks { try callback.onValidationEpochEnd(self, module) } }
        return values
    }

    private func endTrainingEpoch(_ module: LightningModule) throws {
        for (name, value) in trainEpochMetrics.values { publish(name, value, progressBar: progressBarNames.contains(name)) }
        epochRow += trainEpochMetrics.values
        for callback in callbacks where !callback.isMonitoring { try callback.onTrainEpochEnd(self, module) }
        inEpochEnd = true
        try module.onTrainEpochEnd()
        inEpochEnd = false
        for callback in callbacks where callback.isMonitoring { try callback.onTrainEpochEnd(self, module) }
        logger?.log(epochRow, epoch: currentEpoch, step: globalStep)
        try logger?.flush()
        if batchesInEpoch >= batchesPerEpoch {
            currentEpoch += 1
            batchesInEpoch = 0
        }
    }

    // MARK: Logging

    private var progressBarNames: Set<String> = []

    /// Records a value logged by the module (see `LightningModule.log`).
    func record(_ name: String, _ value: Double, onStep: Bool?, onEpoch: Bool?, progressBar: Bool, batchSize: Int?) {
        if inEpochEnd {  // logged in an epoch-end hook: an epoch value as it is
            publish(name, value, progressBar: progressBar)
            epochRow.append((name, value))
            return
        }
        let training = stage == .fit
        let step = onStep ?? training
        let epoch = onEpoch ?? !training
        precondition(step || epoch, "log(\"\(name)\"): onStep and onEpoch are both false, so the value would go nowhere")
        let stepName = step && epoch ? "\(name)_step" : name
        let epochName = step && epoch ? "\(name)_epoch" : name
        if step {
            publish(stepName, value, progressBar: progressBar)
            if training { pendingStepRow.append((stepName, value)) }
        }
        if epoch {
            if progressBar { progressBarNames.insert(epochName) }
            let size = batchSize ?? currentBatchSize
            if training { trainEpochMetrics.add(epochName, value, batchSize: size) } else { validationEpochMetrics.add(epochName, value, batchSize: size) }
        }
    }

    private func publish(_ name: String, _ value: Double, progressBar: Bool) {
        callbackMetrics[name] = value
        guard progressBar else { return }
        if let index = progressBarMetrics.firstIndex(where: { $0.name == name }) {
            progressBarMetrics[index].value = value
        } else {
            progressBarMetrics.append((name, value))
        }
    }

    // MARK: Seeds

    /// The seed of epoch `epoch`'s shuffle.
    public static func shuffleSeed(seed: UInt64, epoch: Int) -> UInt64 {
        var generator = SeededGenerator(seed: seed &+ 0x5348_5546 &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        return generator.next()
    }

    /// The random numbers of batch `batchIndex` of epoch `epoch`: what `module.random` is set to before the step.
    public static func batchGenerator(seed: UInt64, epoch: Int, batchIndex: Int) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        return SeededGenerator(seed: mixer.next() &+ UInt64(batchIndex) &* 0xBF58_476D_1CE4_E5B9)
    }

    // MARK: Checkpoints

    /// Writes the models, the optimizers, the loop's position, the epoch's running averages, the hyper-parameters
    /// and every callback's state to `url` (safetensors), atomically.
    public func saveCheckpoint(to url: URL) throws {
        guard let module else { throw LightningError.misconfigured("Trainer.saveCheckpoint: no module is being trained") }
        var checkpoint = try trainingCheckpoint(for: module)
        var metadata = ["epoch": String(currentEpoch), "global_step": String(globalStep), "step": String(globalStep), "batches_in_epoch": String(batchesInEpoch),
                        "batches_seen": String(batchesSeen), "seed": String(seed),
                        "epoch_complete": String(batchesInEpoch >= batchesPerEpoch)]
        for (name, value) in module.hparams.entries { metadata["hparams.\(name)"] = value }
        for (key, value) in trainEpochMetrics.savedState { metadata["epoch_metrics.\(key)"] = value }
        for (callback, prefix) in callbackStatePrefixes {
            for (key, value) in callback.stateDict() { metadata[prefix + key] = value }
        }
        checkpoint.metadata = metadata
        willWrite?(url)
        try checkpoint.save(to: url)
    }

    private func trainingCheckpoint(for module: LightningModule) throws -> TrainingCheckpoint {
        var checkpoint = TrainingCheckpoint()
        checkpoint.add(module.namedTensors, prefix: "")
        let registered = Set(module.namedTensors.map { ObjectIdentifier($0.tensor) })
        for (index, optimizer) in module.wrappedOptimizers.enumerated() {
            guard optimizer.optimizer.parameters.allSatisfy({ registered.contains(ObjectIdentifier($0)) }) else {
                throw LightningError.misconfigured("\(type(of: module)): optimizer \(index) updates a parameter that is in none of `models`, "
                                                   + "so a checkpoint could not restore it; list every trained network in `models`")
            }
            checkpoint.add(optimizer.optimizer, name: "optimizer\(index)")
        }
        return checkpoint
    }

    /// Each callback with the prefix of its keys in a checkpoint: `callbacks.<name>.<n>.`, n counting callbacks of that name.
    private var callbackStatePrefixes: [(callback: any Callback, prefix: String)] {
        var seen: [String: Int] = [:]
        return callbacks.map { callback in
            let occurrence = seen[callback.name, default: 0]
            seen[callback.name] = occurrence + 1
            return (callback, "callbacks.\(callback.name).\(occurrence).")
        }
    }

    private func loadCallbackStates(_ metadata: [String: String], path: String) throws {
        for (callback, prefix) in callbackStatePrefixes {
            let state = Dictionary(metadata.compactMap { key, value in key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), value) : nil }) { $1 }
            guard !state.isEmpty else { continue }
            do {
                try callback.loadStateDict(state)
            } catch {
                throw LightningError.badCheckpoint(path: path, reason: "the state of callback \(callback.name) does not fit: \(error)")
            }
        }
    }

    /// Restores models, optimizers, the loop's position and the epoch's running averages; returns the metadata.
    private func restore(from url: URL, module: LightningModule) throws -> [String: String] {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw LightningError.badCheckpoint(path: path, reason: "no such checkpoint file")
        }
        // Check the metadata before anything is overwritten.
        let metadata = try SafetensorsFile(contentsOf: url).metadata
        func integer(_ key: String) throws -> Int {
            guard let text = metadata[key], let value = Int(text), value >= 0 else {
                throw LightningError.badCheckpoint(path: path, reason: "expected a Lightning-style checkpoint with '\(key)', found \(metadata[key] ?? "none")")
            }
            return value
        }
        let (epoch, step, batches, seen) = (try integer("epoch"), try integer("global_step"), try integer("batches_in_epoch"), try integer("batches_seen"))
        guard let savedSeed = metadata["seed"].flatMap(UInt64.init) else {
            throw LightningError.badCheckpoint(path: path, reason: "expected the run's 'seed' in the checkpoint")
        }
        var saved = Hyperparameters()
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where key.hasPrefix("hparams.") { saved[String(key.dropFirst(8))] = value }
        let current = Dictionary(module.hparams.entries.map { ($0.name, $0.value) }) { $1 }
        let previous = Dictionary(saved.entries.map { ($0.name, $0.value) }) { $1 }
        guard current == previous else {
            throw LightningError.badCheckpoint(path: path, reason: "it was trained with hyper-parameters \(describe(previous)), this module has \(describe(current))")
        }
        let savedMetrics = Dictionary(metadata.compactMap { key, value in
            key.hasPrefix("epoch_metrics.") ? (String(key.dropFirst("epoch_metrics.".count)), value) : nil
        }) { $1 }
        guard let metrics = EpochMetrics(savedState: savedMetrics) else {
            throw LightningError.badCheckpoint(path: path, reason: "the epoch's running averages ('epoch_metrics.*') are missing or unreadable")
        }
        do {
            try trainingCheckpoint(for: module).restore(from: url)
        } catch {
            throw LightningError.badCheckpoint(path: path, reason: "does not fit this module: \(error)")
        }
        seed = savedSeed
        globalStep = step
        batchesSeen = seen
        if metadata["epoch_complete"] == "true" || batches >= batchesPerEpoch {
            currentEpoch = epoch + 1
            batchesInEpoch = 0
        } else {
            currentEpoch = epoch
            batchesInEpoch = batches
            trainEpochMetrics = metrics
        }
        return metadata
    }
}

/// Gives every dropout layer of `models` a fresh generator split from `generator`, in module order.
public func reseedDropout(in models: [any Module], using generator: inout SeededGenerator) {
    for model in models {
        for (_, layer) in model.namedModules() {
            if let dropout = layer as? Dropout { dropout.generator = generator.split() }
            if let dropout = layer as? Dropout2d { dropout.generator = generator.split() }
        }
    }
}

private func describe(_ values: [String: String]) -> String {
    values.isEmpty ? "none" : values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
}

/// A `Duration` in seconds.
func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
}
