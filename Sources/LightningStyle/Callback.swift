/// Code the trainer runs at fixed points of the loop, as `pl.Callback`. Every hook does nothing by default.
///
/// Order, as in Lightning 2.x: per epoch `onTrainEpochStart`, then per batch the step(s) and `onTrainBatchEnd`,
/// then validation and `onValidationEpochEnd`, then `onTrainEpochEnd`: first the ordinary callbacks (in the order
/// given), then the module's own `onTrainEpochEnd`, then the *monitoring* callbacks (model checkpoint, early
/// stopping), so that they see what the module logged at the end of the epoch.
public protocol Callback: AnyObject {
    /// The name in error messages and checkpoints (`ModelCheckpoint`, `EarlyStopping`, …).
    var name: String { get }
    /// Whether the callback acts on logged metrics and so runs after the module's epoch-end hook.
    var isMonitoring: Bool { get }
    func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws
    func onFitEnd(_ trainer: Trainer, _ module: LightningModule) throws
    func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws
    func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws
    func onTrainBatchEnd(_ trainer: Trainer, _ module: LightningModule, batch: Batch, batchIndex: Int) throws
    func onValidationEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws
    /// What to save in a checkpoint so a resumed run continues with the same state (e.g. the best score so far).
    func stateDict() -> [String: String]
    /// Restores `stateDict()`'s values.
    func loadStateDict(_ state: [String: String]) throws
}

extension Callback {
    public var name: String { String(describing: type(of: self)) }
    public var isMonitoring: Bool { false }
    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onFitEnd(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onTrainBatchEnd(_ trainer: Trainer, _ module: LightningModule, batch: Batch, batchIndex: Int) throws {}
    public func onValidationEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func stateDict() -> [String: String] { [:] }
    public func loadStateDict(_ state: [String: String]) throws {}
}

/// Whether a monitored metric is better when lower (a loss) or higher (an accuracy).
public enum MonitorMode: String, Sendable {
    case min, max

    /// Whether `a` is strictly better than `b`.
    func isBetter(_ a: Double, than b: Double) -> Bool { self == .min ? a < b : a > b }
}
