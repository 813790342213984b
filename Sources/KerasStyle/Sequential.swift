import Foundation
import NeuralNetworks
import TensorCore

/// Keras's `Sequential` model: layers applied in order, compiled with an optimiser, a loss and metrics, then
/// trained one batch at a time with `trainOnBatch`.
///
/// A model is itself a layer, so a model can hold other models: `combined.add(generator); combined.add(discriminator)`
/// puts the *same* generator and discriminator objects inside (their weights are shared, not copied), exactly as
/// Keras does. Each model keeps its own compilation (optimiser, loss, trainable rule).
///
///     let model = Sequential(name: "discriminator")
///     model.add(Dense(512, inputShape: [784]))
///     model.add(LeakyReLU(alpha: 0.2))
///     model.add(Dense(1, activation: .sigmoid))
///     model.compile(optimizer: Adam(learningRate: 2e-4, beta1: 0.5), loss: .binaryCrossentropy, metrics: [.accuracy])
///     let result = try model.trainOnBatch(x: images, y: labels)   // [loss, accuracy]
public final class Sequential: Layer, CustomStringConvertible {
    public var isTraining = true
    public let name: String
    public var className: String { "Sequential" }
    public private(set) var layers: [any Layer] = []
    public private(set) var inputShape: [Int]?
    /// The compilation, once `compile` has run.
    public private(set) var compilation: Compilation?
    /// Every warning this model has raised, in order (each distinct one is also printed once to standard error).
    public private(set) var warnings: [String] = []
    /// Where warnings go besides `warnings`; by default standard error, once per distinct message, like Python's.
    public var warningHandler: (String) -> Void = Sequential.printOnce
    private var ownTrainable = true

    public init(_ layers: [any Layer] = [], name: String? = nil) {
        self.name = name ?? Session.uniqueName("sequential")
        for layer in layers { add(layer) }
    }

    /// Keras's `trainable`; setting it sets every layer inside, recursively, as Keras's setter does.
    public var trainable: Bool {
        get { ownTrainable }
        set {
            ownTrainable = newValue
            for index in layers.indices { layers[index].trainable = newValue }
        }
    }

    /// Appends a layer (or a model). If the model knows its input shape, the layer is built now, as in Keras.
    public func add(_ layer: any Layer) {
        require(!layers.contains { $0 === layer }, "\(name): \(layer.name) is already in this model")
        if layers.isEmpty, inputShape == nil {
            if let shape = (layer as? Dense)?.declaredInputShape { inputShape = shape } else if let shape = layer.inputShape { inputShape = shape }
        }
        layers.append(layer)
        if let inputShape { buildMissingLayers(from: inputShape) }
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        layers.reduce(inputShape) { $1.outputShape(for: $0) }
    }

    /// Keras's `model.build(input_shape)`: builds every layer for one input of `inputShape` (no batch axis).
    public func build(inputShape: [Int]) {
        require(self.inputShape == nil || self.inputShape == inputShape,
                     "\(name) expects inputs of shape \(self.inputShape!), asked to build for \(inputShape)")
        self.inputShape = inputShape
        buildMissingLayers(from: inputShape)
    }

    private func buildMissingLayers(from inputShape: [Int]) {
        var shape = inputShape
        for layer in layers {
            if let model = layer as? Sequential {
                if model.needsBuilding { model.build(inputShape: shape) }
            } else if !layer.isBuilt {
                layer.build(inputShape: shape)
            }
            shape = layer.outputShape(for: shape)
        }
    }

    /// Whether this model or a model inside it has a layer without weights yet.
    var needsBuilding: Bool {
        inputShape == nil || layers.contains { ($0 as? Sequential)?.needsBuilding ?? !$0.isBuilt }
    }

    public var children: [(name: String, module: any Module)] { layers.map { ($0.name, $0) } }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        if inputShape == nil { build(inputShape: Array(x.shape.dropFirst())) }
        require(Array(x.shape.dropFirst()) == inputShape!,
                     "\(name) expects inputs of shape [batch] + \(inputShape!), got \(x.shape)")
        return layers.reduce(x) { input, layer in layer(input) }
    }

    /// Keras's `compile(optimizer=, loss=, metrics=)`. Under `.capturedAtCompile` (Keras 2) this is the moment the
    /// trainable weights are collected; under `.readAtEveryStep` (Keras 3, the default) it only records the choices.
    public func compile(optimizer: Adam, loss: Loss, metrics: [Metric] = [], trainableRule: TrainableRule = .readAtEveryStep) {
        require(inputShape != nil, "\(name): compile needs a built model; give the first layer an inputShape")
        let collected = trainableWeights
        if trainableRule == .capturedAtCompile && !optimizer.isBuilt { optimizer.build(collected) }
        compilation = Compilation(optimizer: optimizer, loss: loss, metrics: metrics, trainableRule: trainableRule,
                                  collectedTrainableWeights: collected)
    }

    /// The names `trainOnBatch` and `evaluate` report their values under, Keras's `metrics_names`.
    public var metricsNames: [String] { ["loss"] + (compilation?.metrics.map(\.rawValue) ?? []) }

    func warn(_ message: String) {
        warnings.append(message)
        warningHandler(message)
    }

    nonisolated(unsafe) private static var printed: Set<String> = []
    private static let printLock = NSLock()

    /// Prints `message` to standard error the first time it occurs in this process.
    public static func printOnce(_ message: String) {
        let isNew = printLock.withLock { printed.insert(message).inserted }
        if isNew { FileHandle.standardError.write(Data("UserWarning: \(message)\n".utf8)) }
    }

    public var description: String { "Sequential(\(name), \(layers.count) layers)" }
}

/// What `compile` recorded.
public struct Compilation {
    public let optimizer: Adam
    public let loss: Loss
    public let metrics: [Metric]
    public let trainableRule: TrainableRule
    /// The trainable weights when `compile` ran (the only ones Keras 2 ever updates).
    public let collectedTrainableWeights: [Tensor]
}
