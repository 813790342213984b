/// One recorded operation of the computational graph: its inputs and how to send a gradient back to them.
final class GradNode {
    let name: String
    /// Inputs of the operation; emptied when the graph is released after `backward()`.
    var inputs: [Tensor]
    /// Maps the gradient of the output to gradients of the inputs (`nil` where an input needs none).
    var backward: ((Tensor) -> [Tensor?])?
    /// The layer whose forward pass recorded the operation, while the `Profiler` runs.
    let layer: String?

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
        self.layer = Profiler.currentLayer
    }
}

/// Whether operations record a graph. Switch it off with `withNoGrad { … }`.
///
/// The flag is task-local: each test, thread or task has its own, so evaluating a model
/// without gradients in one place never switches recording off somewhere else.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording operations, like `with torch.no_grad():`.
/// Use it for evaluation, for sampling, and for updating parameters in place.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// Records that `self` was computed from `inputs` by the operation `name`, if any input needs a gradient.
    /// `backward` receives the gradient of `self` and returns one gradient per input.
    ///
    /// This is also the way to add an operation of your own with a hand-written backward pass
    /// (chapter 2 does it to show that `gradcheck` catches a wrong one).
    @discardableResult
    public func recordOperation(_ name: String, inputs: [Tensor],
                                backward: @escaping (_ gradOutput: Tensor) -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        require(isLeaf && !_requiresGrad, "recordOperation: \(name) was recorded twice on the same tensor")
        gradFn = GradNode(name: name, inputs: inputs, backward: backward)
        _requiresGrad = true
        return self
    }

    /// Back-propagates from this tensor: every leaf that requires a gradient and that this
    /// tensor depends on gets `∂self/∂leaf` *added* to its `grad` (gradients accumulate until `zeroGrad()`).
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some final quantity with respect to `self`; may be omitted for a one-element tensor (it is then 1).
    ///   - retainGraph: keep the graph so that `backward` can run through it again. By default the graph
    ///     is released, as in PyTorch, which frees the intermediate tensors it holds.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) {
        require(requiresGrad, "backward: this tensor does not require a gradient (no input had requiresGrad = true, or it was computed inside withNoGrad)")
        let seed: Tensor
        if let gradient {
            require(gradient.shape == shape, "backward: gradient has shape \(gradient.shape), the tensor has shape \(shape)")
            seed = gradient
        } else {
            require(count == 1, "backward: a gradient can be created implicitly only for one-element outputs; this one has shape \(shape)")
            seed = Tensor.ones(shape, dtype: dtype)
        }
        withNoGrad {
            if isLeaf { accumulateGrad(seed); return }
            let order = topologicalOrder()
            var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            for tensor in order.reversed() {
                guard let gradOutput = pending.removeValue(forKey: ObjectIdentifier(tensor)), let node = tensor.gradFn else { continue }
                guard let backwardFunction = node.backward else {
                    fatalError("backward: trying to backward through the graph a second time: the graph of '\(node.name)' was released by an earlier backward(). Pass retainGraph: true to the first call if you need it twice.")
                }
                let inputGrads = Profiler.backward(of: node.layer) { backwardFunction(gradOutput) }
                Profiler.backward(of: node.layer) { for (input, inputGrad) in zip(node.inputs, inputGrads) {
                    guard let inputGrad, input.requiresGrad else { continue }
                    require(inputGrad.shape == input.shape,
                                 "backward of \(node.name): gradient shape \(inputGrad.shape) does not match input shape \(input.shape)")
                    if input.isLeaf {
                        input.accumulateGrad(inputGrad)
                    } else if let existing = pending[ObjectIdentifier(input)] {
                        pending[ObjectIdentifier(input)] = existing + inputGrad
                    } else {
                        pending[ObjectIdentifier(input)] = inputGrad
                    }
                } }
                if !retainGraph {
                    node.backward = nil
                    node.inputs = []
                }
            }
        }
    }

    /// Adds `g` to `grad`, allocating it the first time.
    func accumulateGrad(_ g: Tensor) {
        if let grad {
            grad.addInPlace(g)
        } else {
            grad = g.clone()
        }
    }

    /// The operations this tensor depends on, inputs before outputs. Iterative, so deep graphs do not overflow the stack.
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited: Set<ObjectIdentifier> = []
        var stack: [(tensor: Tensor, nextInput: Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (tensor, next) = stack.last {
            let inputs = tensor.gradFn?.inputs ?? []
            if next < inputs.count {
                stack[stack.count - 1].nextInput += 1
                let input = inputs[next]
                if input.gradFn != nil, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(tensor)
                stack.removeLast()
            }
        }
        return order
    }

    /// Draws the graph that produced this tensor as an indented tree, one line per operation or leaf.
    /// A node reached a second time is shown once more, marked "(seen above)".
    public func graphDescription() -> String {
        var lines: [String] = []
        var seen: Set<ObjectIdentifier> = []
        var stack: [(Tensor, String, String)] = [(self, "", "")]
        while let (tensor, prefix, childPrefix) = stack.popLast() {
            let name = tensor.label.map { "\($0) " } ?? ""
            let what: String
            if let op = tensor.gradFn {
                what = "\(name)\(op.name) → shape \(tensor.shape)"
            } else {
                what = "\(name)leaf shape \(tensor.shape)" + (tensor.requiresGrad ? ", requiresGrad" : "")
            }
            let firstVisit = seen.insert(ObjectIdentifier(tensor)).inserted
            lines.append(prefix + what + (firstVisit || tensor.isLeaf ? "" : "  (seen above)"))
            guard firstVisit, let inputs = tensor.gradFn?.inputs else { continue }
            for (i, input) in inputs.enumerated().reversed() {
                let last = i == inputs.count - 1
                stack.append((input, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  ")))
            }
        }
        return lines.joined(separator: "\n")
    }
}
