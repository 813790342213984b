import Foundation
import TensorCore

/// Everything needed to resume training, saved as one safetensors file.
///
/// Register the tensors (model parameters and buffers, under names of your choice) and the
/// optimizers, then `save(to:)`; to resume, build the same models and optimizers, register them
/// the same way, and `restore(from:)`. The file's names are:
///
///     <tensor name>                              a registered tensor, e.g. `generator.0.weight`, `discriminator.1.runningMean`
///     <optimizer>.<parameter name>.<slot>        optimizer state, e.g. `optimizerG.generator.0.weight.exp_avg`
///     (metadata) <optimizer>.<parameter name>.step   that parameter's update count, e.g. "1500"
///     (metadata) <optimizer>.lr                  the learning rate at the time of saving
///     (metadata) anything added to `metadata`    e.g. "epoch", "seed"
///
/// Each optimizer parameter is named after the registered tensor it is, so every parameter an
/// optimizer updates must be registered first. State slots are PyTorch's: `exp_avg`, `exp_avg_sq`, `momentum_buffer`.
public struct TrainingCheckpoint {
    /// The registered tensors, in registration order.
    public private(set) var tensors: [(name: String, tensor: Tensor)] = []
    /// Free-form strings saved with the checkpoint and returned by `restore(from:)`.
    public var metadata: [String: String] = [:]
    private var optimizers: [(name: String, optimizer: any Optimizer)] = []

    public init() {}

    /// Registers tensors to save and restore, e.g. `model.namedParameters()` and `model.namedBuffers()`,
    /// with `prefix` (e.g. `"generator"`) put in front of each name with a dot.
    public mutating func add(_ namedTensors: [(name: String, tensor: Tensor)], prefix: String) {
        for (name, tensor) in namedTensors {
            let fullName = prefix.isEmpty ? name : "\(prefix).\(name)"
            require(!tensors.contains { $0.name == fullName }, "TrainingCheckpoint: '\(fullName)' is registered twice")
            tensors.append((fullName, tensor))
        }
    }

    /// Registers an optimizer under `name` (e.g. `"optimizerG"`). Its parameters must already be registered tensors.
    public mutating func add(_ optimizer: any Optimizer, name: String) {
        require(!optimizers.contains { $0.name == name }, "TrainingCheckpoint: optimizer '\(name)' is registered twice")
        _ = parameterNames(of: optimizer, called: name)
        optimizers.append((name, optimizer))
    }

    /// Writes every registered tensor and optimizer state to `url`, atomically.
    public func save(to url: URL) throws {
        var entries = tensors
        var allMetadata = metadata
        for (name, optimizer) in optimizers {
            allMetadata["\(name).lr"] = "\(optimizer.learningRate)"
            for (parameterName, state) in zip(parameterNames(of: optimizer, called: name), optimizer.exportState()) {
                guard let state else { continue }
                allMetadata["\(name).\(parameterName).step"] = String(state.step)
                for slot in state.buffers.keys.sorted() {
                    entries.append(("\(name).\(parameterName).\(slot)", state.buffers[slot]!))
                }
            }
        }
        try SafetensorsFile.write(entries, metadata: allMetadata, to: url)
    }

    /// Fills every registered tensor from `url` and gives each registered optimizer its saved state and learning rate.
    /// Nothing is changed unless the whole file fits. Returns the file's metadata (including `metadata` as saved).
    @discardableResult
    public func restore(from url: URL) throws -> [String: String] {
        let file = try SafetensorsFile(contentsOf: url)
        var states: [[ParameterState?]] = []
        var rates: [Double] = []
        for (name, optimizer) in optimizers {
            var state: [ParameterState?] = []
            for parameterName in parameterNames(of: optimizer, called: name) {
                let prefix = "\(name).\(parameterName)."
                guard let stepText = file.metadata[prefix + "step"] else { state.append(nil); continue }
                guard let step = Int(stepText) else {
                    throw SafetensorsError.badHeader(file: url.path, reason: "metadata '\(prefix)step' should be a whole number, found '\(stepText)'")
                }
                var buffers: [String: Tensor] = [:]
                for (key, tensor) in file.tensors where key.hasPrefix(prefix) && !key.dropFirst(prefix.count).contains(".") {
                    buffers[String(key.dropFirst(prefix.count))] = tensor
                }
                state.append(ParameterState(step: step, buffers: buffers))
            }
            guard let rateText = file.metadata["\(name).lr"], let rate = Double(rateText) else {
                throw SafetensorsError.badHeader(file: url.path, reason: "metadata '\(name).lr' should hold optimizer '\(name)''s learning rate, found \(file.metadata["\(name).lr"].map { "'\($0)'" } ?? "nothing")")
            }
            states.append(state)
            rates.append(rate)
        }
        try file.check(tensors, fileName: url.path)
        // Import every optimizer's state; if one does not fit, put back the ones already replaced.
        let previous = optimizers.map { (state: $0.optimizer.exportState(), rate: $0.optimizer.learningRate) }
        for (index, (name, optimizer)) in optimizers.enumerated() {
            do {
                try optimizer.importState(states[index])
                optimizer.learningRate = rates[index]
            } catch let error as OptimizerStateError {
                for (earlier, saved) in zip(optimizers[..<index], previous) {
                    try? earlier.optimizer.importState(saved.state)
                    earlier.optimizer.learningRate = saved.rate
                }
                throw SafetensorsError.badHeader(file: url.path, reason: "optimizer '\(name)': \(error.description)")
            }
        }
        try file.fill(tensors, fileName: url.path)
        return file.metadata
    }

    /// The registered name of each of `optimizer`'s parameters, in order.
    private func parameterNames(of optimizer: any Optimizer, called name: String) -> [String] {
        var names: [ObjectIdentifier: String] = [:]
        for (tensorName, tensor) in tensors { names[ObjectIdentifier(tensor)] = names[ObjectIdentifier(tensor)] ?? tensorName }
        return optimizer.parameters.enumerated().map { index, parameter in
            guard let registered = names[ObjectIdentifier(parameter)] else {
                fatalError("TrainingCheckpoint: parameter \(index) (shape \(parameter.shape)) of optimizer '\(name)' is not a registered tensor; add the model's parameters before the optimizer")
            }
            return registered
        }
    }
}
