import NeuralNetworks
import TensorCore

/// A Keras-style layer: a `Module` (so the core's parameters, checkpoints and `train()`/`eval()` work on it)
/// with what Keras adds: a name unique in the session, a `trainable` flag, and weights created when the
/// layer learns its input shape, as Keras builds a layer when it is added to a model that knows its input.
public protocol Layer: Module {
    /// The layer's name, `dense`, `dense_1`, … like Keras's, unless one was given.
    var name: String { get }
    /// The Keras class shown by `summary()`: `Dense`, `LeakyReLU`, `BatchNormalization`, `Sequential`.
    var className: String { get }
    /// Keras's `trainable`. A layer whose flag is off keeps its weights through `trainOnBatch`, and so does every
    /// weight inside a model whose flag is off. Setting it on a model sets it on every layer inside, as in Keras.
    /// *When* the flag counts depends on the model's `TrainableRule` (Keras 3: at every step; Keras 2: at `compile`).
    var trainable: Bool { get set }
    /// The shape of one input (no batch axis), once the layer is built.
    var inputShape: [Int]? { get }
    /// The shape of one output (no batch axis) for an input of `inputShape`.
    func outputShape(for inputShape: [Int]) -> [Int]
    /// Creates the weights for inputs shaped `inputShape` (no batch axis). Building twice is a programming error.
    func build(inputShape: [Int])
    /// The layer's own weights in Keras's order (Dense: kernel, bias; BatchNormalization: gamma, beta,
    /// moving mean, moving variance), not those of its sub-layers. Empty until built.
    var ownWeights: [Weight] { get }
    /// The layers inside this one (a model's layers); empty for a plain layer.
    var layers: [any Layer] { get }
}

extension Layer {
    public var layers: [any Layer] { [] }
    public var ownWeights: [Weight] { [] }
    public var isBuilt: Bool { inputShape != nil }

    /// Every weight of the layer and the layers inside it, in Keras's `model.weights` order.
    public var weights: [Weight] { ownWeights + layers.flatMap(\.weights) }

    /// Keras's `trainable_weights`, read now: nothing if this layer is frozen, else its own trainable weights
    /// and those of the layers inside it.
    public var trainableWeights: [Tensor] {
        guard trainable else { return [] }
        return ownWeights.filter(\.isTrainable).map(\.tensor) + layers.flatMap(\.trainableWeights)
    }

    /// Keras's `non_trainable_weights`: every weight that `trainableWeights` leaves out (frozen layers, moving statistics).
    public var nonTrainableWeights: [Tensor] {
        let trainable = Set(trainableWeights.map(ObjectIdentifier.init))
        return weights.map(\.tensor).filter { !trainable.contains(ObjectIdentifier($0)) }
    }

    /// Keras's `count_params()`: the number of scalars in all weights, moving statistics included.
    public func countParams() -> Int { weights.reduce(0) { $0 + $1.tensor.count } }

    /// Keras's `get_weights()`: copies of every weight in Keras's order and layout (a Dense kernel is `[in, out]`).
    public func getWeights() -> [Tensor] { weights.map { $0.kerasValue() } }

    /// Keras's `set_weights(_:)`: overwrites every weight from arrays in `getWeights()`'s order and layout.
    /// Throws, changing nothing, if the count or a shape differs.
    public func setWeights(_ values: [Tensor]) throws {
        let slots = weights
        guard values.count == slots.count else {
            throw KerasError("\(name).setWeights: expected \(slots.count) arrays (\(slots.map(\.name).joined(separator: ", "))), got \(values.count)")
        }
        for (slot, value) in zip(slots, values) where value.shape != slot.kerasShape {
            throw KerasError("\(name).setWeights: \(slot.name) should have shape \(slot.kerasShape), got \(value.shape)")
        }
        for (slot, value) in zip(slots, values) { slot.assign(kerasValue: value) }
    }
}

/// One weight of a layer, as Keras lists it.
public struct Weight {
    /// Keras's name for it, e.g. `dense/kernel`, `batch_normalization/moving_mean`.
    public let name: String
    /// The storage the layer computes with. A Dense kernel is kept in PyTorch's `[out, in]` layout (the core's
    /// `Linear`); `getWeights()` shows it in Keras's `[in, out]`.
    public let tensor: Tensor
    /// False for state that no optimiser updates (BatchNormalization's moving mean and variance).
    public let isTrainable: Bool
    /// Whether Keras's layout is the transpose of `tensor`'s.
    let isTransposed: Bool

    init(name: String, tensor: Tensor, isTrainable: Bool = true, isTransposed: Bool = false) {
        self.name = name
        self.tensor = tensor
        self.isTrainable = isTrainable
        self.isTransposed = isTransposed
    }

    /// The shape Keras shows.
    public var kerasShape: [Int] { isTransposed ? tensor.shape.reversed() : tensor.shape }

    /// A copy in Keras's layout.
    func kerasValue() -> Tensor { isTransposed ? tensor.detach().transposed(0, 1) : tensor.detach().clone() }

    /// Overwrites the storage with `value`, given in Keras's layout.
    func assign(kerasValue value: Tensor) {
        tensor.copy(from: (isTransposed ? value.detach().transposed(0, 1) : value.detach()).to(tensor.dtype))
    }
}

/// A misuse of the Keras-style API that Keras itself reports with an exception (a model used before `compile`,
/// weights of the wrong shape, an optimiser asked to update a weight it was not built for).
public struct KerasError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
