import Foundation
import TensorCore

/// Something that updates a fixed list of parameters from their gradients: SGD, Adam, AdamW.
///
/// The usual loop, as in PyTorch:
/// ```swift
/// optimizer.zeroGrad()
/// loss(model(x)).backward()
/// optimizer.step()
/// ```
/// Parameters whose `grad` is `nil` are skipped by `step()` and keep no state.
public protocol Optimizer: AnyObject {
    /// The tensors this optimizer updates, in the order given at creation.
    var parameters: [Tensor] { get }
    /// The step size; change it between steps for a schedule. Hyper-parameters are `Double`, like Python floats,
    /// so that they round to `Float` exactly where PyTorch rounds them.
    var learningRate: Double { get set }
    /// Updates every parameter that has a gradient, in place and outside any graph.
    func step()
    /// The per-parameter state (`nil` for a parameter that never had a gradient), for checkpoints.
    func exportState() -> [ParameterState?]
    /// Replaces the per-parameter state with one read from a checkpoint.
    /// Throws if the count, a slot name or a shape does not fit these parameters.
    func importState(_ state: [ParameterState?]) throws
}

extension Optimizer {
    /// Clears the gradient of every parameter, like PyTorch's `zero_grad(set_to_none=True)`.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// What an optimizer remembers about one parameter, under PyTorch's names.
public struct ParameterState {
    /// How many updates this parameter has received (`state["step"]` in PyTorch).
    public var step: Int
    /// Running buffers, each shaped like the parameter: `exp_avg`, `exp_avg_sq` (Adam, AdamW)
    /// or `momentum_buffer` (SGD with momentum).
    public var buffers: [String: Tensor]

    public init(step: Int, buffers: [String: Tensor]) {
        self.step = step
        self.buffers = buffers
    }
}

/// Why optimizer state read from a checkpoint does not fit the optimizer.
public struct OptimizerStateError: LocalizedError, CustomStringConvertible {
    public let description: String
    public var errorDescription: String? { description }
}

/// Checks that `state` holds, for each of `parameters`, either nothing or exactly `slots`, shaped and typed like the parameter.
func validateState(_ state: [ParameterState?], slots: Set<String>, parameters: [Tensor], optimizer: String) throws {
    guard state.count == parameters.count else {
        throw OptimizerStateError(description: "\(optimizer) state: expected \(parameters.count) parameter entries, found \(state.count)")
    }
    for (index, (entry, parameter)) in zip(state, parameters).enumerated() {
        guard let entry else { continue }
        guard Set(entry.buffers.keys) == slots else {
            throw OptimizerStateError(description: "\(optimizer) state of parameter \(index): expected buffers \(slots.sorted()), found \(entry.buffers.keys.sorted())")
        }
        guard entry.step >= 0 else {
            throw OptimizerStateError(description: "\(optimizer) state of parameter \(index): expected a step count ≥ 0, found \(entry.step)")
        }
        for (slot, buffer) in entry.buffers where buffer.shape != parameter.shape || buffer.dtype != parameter.dtype {
            throw OptimizerStateError(description: "\(optimizer) state of parameter \(index): \(slot) should have shape \(parameter.shape) (\(parameter.dtype)), found \(buffer.shape) (\(buffer.dtype))")
        }
    }
}
