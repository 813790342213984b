import NeuralNetworks

/// An optimizer as `optimizers()` returns it in manual optimisation: `step()` updates the parameters and counts
/// towards the trainer's `globalStep`, which in Lightning counts optimizer steps, not batches.
public final class LightningOptimizer {
    /// The optimizer of `configureOptimizers()`.
    public let optimizer: any Optimizer
    private let onStep: () -> Void

    init(_ optimizer: any Optimizer, onStep: @escaping () -> Void) {
        self.optimizer = optimizer
        self.onStep = onStep
    }

    /// Clears the gradients of this optimizer's parameters.
    public func zeroGrad() { optimizer.zeroGrad() }

    /// One update of this optimizer's parameters; the trainer's `globalStep` goes up by one.
    public func step() {
        optimizer.step()
        onStep()
    }
}
