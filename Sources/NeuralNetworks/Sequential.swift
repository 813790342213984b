import TensorCore

/// Layers applied one after another, like `nn.Sequential`; its children are named `"0"`, `"1"`, …
public final class Sequential: Module {
    public var isTraining = true
    /// The layers, in the order they are applied.
    public private(set) var layers: [any Module]

    public init(_ layers: [any Module]) { self.layers = layers }
    public convenience init(_ layers: any Module...) { self.init(layers) }

    /// Applies the layers in order. A `BatchNorm` followed by a `ReLU` or a `LeakyReLU` runs as one layer, in one pass
    /// over the activations (the same numbers, bit for bit, with one tensor fewer written and read forward and
    /// backward); the profiler shows the pair as one row.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var output = x, index = 0
        while index < layers.count {
            let layer = layers[index]
            if let norm = layer as? BatchNorm, index + 1 < layers.count, let slope = Self.rectifierSlope(layers[index + 1]) {
                output = Profiler.layer("\(index) \(norm) + \(index + 1) \(layers[index + 1])") { [output] in
                    norm.normalize(output, leakyReLUSlope: slope)
                }
                index += 2
            } else {
                output = Profiler.layer("\(index) \(layer)") { [output] in layer(output) }
                index += 1
            }
        }
        return output
    }

    /// The slope of a `ReLU` (0) or a `LeakyReLU` with a slope of 0 or more; nil for any other layer.
    private static func rectifierSlope(_ layer: any Module) -> Double? {
        if layer is ReLU { return 0 }
        if let leaky = layer as? LeakyReLU, leaky.slope >= 0 { return leaky.slope }
        return nil
    }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    /// The number of layers.
    public var count: Int { layers.count }

    /// The layer at `index`.
    public subscript(index: Int) -> any Module { layers[index] }

    /// Adds a layer at the end; it is named after its position.
    public func append(_ layer: any Module) { layers.append(layer) }
}
