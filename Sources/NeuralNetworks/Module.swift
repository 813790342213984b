import TensorCore

/// A layer or a model: something that maps a tensor to a tensor and may own parameters.
///
/// Like PyTorch's `nn.Module`, a module lists its own parameters, buffers and sub-modules
/// explicitly (no reflection), so `namedParameters()` yields PyTorch's `state_dict()` names
/// (`"0.weight"`, `"net.3.bias"`) in PyTorch's order. A custom model implements
/// `callAsFunction`, stores `isTraining`, and lists its `children`:
///
/// ```swift
/// final class Generator: Module {
///     var isTraining = true
///     let net: Sequential
///     var children: [(name: String, module: any Module)] { [("net", net)] }
///     func callAsFunction(_ z: Tensor) -> Tensor { net(z) }
/// }
/// ```
public protocol Module: AnyObject {
    /// The forward pass.
    func callAsFunction(_ x: Tensor) -> Tensor
    /// Whether this module behaves as in training (dropout active, batch statistics) or as in evaluation.
    /// Change it for a whole model with `train()` / `eval()`, which reach every sub-module.
    var isTraining: Bool { get set }
    /// Parameters owned by this module itself (not by its children), in PyTorch's order. Default: none.
    var ownParameters: [(name: String, tensor: Tensor)] { get }
    /// State that is saved with the model but not trained (BatchNorm's running statistics). Default: none.
    var ownBuffers: [(name: String, tensor: Tensor)] { get }
    /// Direct sub-modules and their names. Default: none.
    var children: [(name: String, module: any Module)] { get }
    /// Draws this module's own parameters afresh with `scheme` (children are left alone). Default: nothing to draw.
    func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator)
}

extension Module {
    public var ownParameters: [(name: String, tensor: Tensor)] { [] }
    public var ownBuffers: [(name: String, tensor: Tensor)] { [] }
    public var children: [(name: String, module: any Module)] { [] }
    public func initializeOwnParameters(_ scheme: Initialization, using generator: inout SeededGenerator) {}
}

extension Module {
    /// This module (named `""`) and all its descendants, depth first, with dotted names.
    public func namedModules() -> [(name: String, module: any Module)] {
        var result: [(name: String, module: any Module)] = [("", self)]
        for (childName, child) in children {
            for (name, module) in child.namedModules() {
                result.append((name.isEmpty ? childName : "\(childName).\(name)", module))
            }
        }
        return result
    }

    /// Every parameter of the model with its dotted PyTorch name, in `state_dict()` order.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        namedModules().flatMap { prefix, module in
            module.ownParameters.map { (dotted(prefix, $0.name), $0.tensor) }
        }
    }

    /// Every parameter of the model, in the order of `namedParameters()` (what an optimiser updates).
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Every buffer of the model with its dotted PyTorch name (e.g. `"1.running_mean"`).
    public func namedBuffers() -> [(name: String, tensor: Tensor)] {
        namedModules().flatMap { prefix, module in
            module.ownBuffers.map { (dotted(prefix, $0.name), $0.tensor) }
        }
    }

    /// Puts the whole model in training mode (`true`) or evaluation mode (`false`).
    public func train(_ mode: Bool = true) {
        for (_, module) in namedModules() { module.isTraining = mode }
    }

    /// Puts the whole model in evaluation mode: dropout off, BatchNorm uses its running statistics.
    public func eval() { train(false) }

    /// Clears the gradients of all parameters.
    public func zeroGrad() {
        for p in parameters() { p.zeroGrad() }
    }

    /// Stops gradients for all parameters (`requiresGrad = false`): they receive none, and an optimiser skips them.
    /// Unlike Keras's `trainable = False`, this takes effect at once; no re-compilation is involved.
    public func freeze() { setRequiresGrad(false) }

    /// Lets all parameters receive gradients again.
    public func unfreeze() { setRequiresGrad(true) }

    private func setRequiresGrad(_ flag: Bool) {
        for p in parameters() {
            p.requiresGrad = flag
            if !flag { p.zeroGrad() }
        }
    }

    /// The number of scalars in all parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// The number of scalars in the parameters that receive gradients.
    public var trainableParameterCount: Int { parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.count } }

    /// Re-draws every parameter of the model with `scheme`, module by module in `namedModules()` order.
    public func initialize(_ scheme: Initialization, using generator: inout SeededGenerator) {
        for (_, module) in namedModules() { module.initializeOwnParameters(scheme, using: &generator) }
    }
}

private func dotted(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
