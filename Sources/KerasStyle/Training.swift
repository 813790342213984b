import NeuralNetworks
import TensorCore

extension Sequential {
    /// Keras's `train_on_batch(x, y)`: one gradient update on one batch, in training mode (BatchNormalization
    /// uses and updates batch statistics). Returns the loss *before* the update, then each compiled metric,
    /// for this batch alone.
    ///
    /// Which weights change depends on the trainable rule: the weights trainable now (Keras 3), or those that were
    /// trainable at `compile` (Keras 2, with a warning if the flags have changed since). Gradients still flow
    /// *through* frozen layers, so a frozen discriminator inside a combined model passes G its gradient.
    @discardableResult
    public func trainOnBatch(x: Tensor, y: Tensor) throws -> [Double] {
        guard let compilation else { throw KerasError("\(name): you must call compile(optimizer:loss:metrics:) before trainOnBatch") }
        if inputShape == nil { build(inputShape: Array(x.shape.dropFirst())) }
        let updated = try weightsToUpdate(compilation)
        let parameters = weights.filter(\.isTrainable).map(\.tensor)
        let updatedIDs = Set(updated.map(ObjectIdentifier.init))
        let savedFlags = parameters.map(\.requiresGrad)
        for parameter in parameters {
            parameter.zeroGrad()
            parameter.requiresGrad = updatedIDs.contains(ObjectIdentifier(parameter))
        }
        defer {
            for (parameter, flag) in zip(parameters, savedFlags) {
                parameter.zeroGrad()
                parameter.requiresGrad = flag
            }
        }
        train()
        let prediction = self(x)
        let target = try matching(y, prediction)
        let loss = compilation.loss(prediction, target)
        let metrics = compilation.metrics.map { $0(prediction.detach(), target) }
        if updated.isEmpty {
            warn("The model does not have any trainable weights.")
        } else {
            loss.backward()
            compilation.optimizer.step()
        }
        return [Double(loss.item)] + metrics
    }

    /// The weights this step may change, by the compiled rule; builds Keras 3's optimiser at its first step.
    private func weightsToUpdate(_ compilation: Compilation) throws -> [Tensor] {
        let current = trainableWeights
        switch compilation.trainableRule {
        case .readAtEveryStep:
            let optimizer = compilation.optimizer
            if !optimizer.isBuilt {
                if !current.isEmpty { optimizer.build(current) }
            } else if let unknown = weights.first(where: { weight in current.contains { $0 === weight.tensor } && !optimizer.knows(weight.tensor) }) {
                throw KerasError("Unknown variable: \(unknown.name). The optimizer cannot recognize this variable: it was built on the "
                                 + "weights trainable at the first trainOnBatch, and this one was not. Compile a new optimizer to train it.")
            }
            return current
        case .capturedAtCompile:
            let collected = compilation.collectedTrainableWeights
            if Set(current.map(ObjectIdentifier.init)) != Set(collected.map(ObjectIdentifier.init)) {
                warn("Discrepancy between trainable weights and collected trainable weights, "
                     + "did you set `model.trainable` without calling `model.compile` after ?")
            }
            return collected
        }
    }

    /// Keras's `predict_on_batch(x)`: the model's output in **inference mode** (BatchNormalization uses its moving
    /// statistics), without gradients. `trainOnBatch` runs the same layers in training mode, so the two can differ.
    public func predictOnBatch(_ x: Tensor) -> Tensor {
        inInferenceMode { withNoGrad { self(x) } }
    }

    /// Keras's `evaluate(x, y, batch_size=32)`: the loss and metrics over all of `x`, in inference mode, averaged
    /// over samples. Nothing is updated.
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int = 32) throws -> [Double] {
        guard let compilation else { throw KerasError("\(name): you must call compile(optimizer:loss:metrics:) before evaluate") }
        guard x.shape[0] == y.shape[0] else { throw KerasError("\(name).evaluate: x has \(x.shape[0]) samples, y has \(y.shape[0])") }
        require(batchSize > 0, "evaluate: batchSize must be positive")
        var totals = Array(repeating: 0.0, count: 1 + compilation.metrics.count)
        for start in stride(from: 0, to: x.shape[0], by: batchSize) {
            let rows = start..<min(start + batchSize, x.shape[0])
            let prediction = predictOnBatch(x[rows])
            let target = try matching(y[rows], prediction)
            let values = [Double(compilation.loss(prediction, target).item)] + compilation.metrics.map { $0(prediction, target) }
            for i in totals.indices { totals[i] += values[i] * Double(rows.count) }
        }
        return totals.map { $0 / Double(max(1, x.shape[0])) }
    }

    /// Runs `body` with every layer in inference mode, then restores each layer's mode.
    func inInferenceMode<R>(_ body: () -> R) -> R {
        let modules = namedModules().map(\.module)
        let modes = modules.map(\.isTraining)
        defer { for (module, mode) in zip(modules, modes) { module.isTraining = mode } }
        eval()
        return body()
    }

    /// `y` reshaped to the prediction's shape (Keras accepts `[N]` for `[N, 1]`), or an error naming both shapes.
    private func matching(_ y: Tensor, _ prediction: Tensor) throws -> Tensor {
        guard y.count == prediction.count else {
            throw KerasError("\(name): targets of shape \(y.shape) do not match the model's output \(prediction.shape)")
        }
        return y.reshape(prediction.shape).to(prediction.dtype)
    }
}
