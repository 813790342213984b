import Datasets

/// The data side of Lightning-style training: *where* the batches come from. Subclass it, as `pl.LightningDataModule`.
///
/// The trainer calls `prepareData()` once (download, write to disk: nothing kept in memory), then `setup(stage:)`
/// (read, split, keep), then asks for the loaders. Keeping these apart is what lets a run on many machines
/// download once and split everywhere.
open class LightningDataModule {
    public init() {}

    /// Downloads or unpacks the data if needed. Called once per `fit` / `validate`, before `setup`.
    open func prepareData() throws {}

    /// Reads the data and makes the splits the stage needs.
    open func setup(stage: Stage) throws {}

    /// The training batches; the trainer reshuffles them every epoch from its own seed.
    open func trainDataLoader() throws -> DataLoader {
        throw LightningError.misconfigured("\(type(of: self)): override trainDataLoader() to fit a model")
    }

    /// The validation batches, or nil for none.
    open func valDataLoader() throws -> DataLoader? { nil }

    /// The test batches, or nil for none.
    open func testDataLoader() throws -> DataLoader? { nil }
}

/// What the trainer is about to do, passed to `setup(stage:)`.
public enum Stage: String, Sendable {
    case fit, validate, test
}
