import TensorCore

/// Layers applied one after another, like `nn.Sequential`; its children are named `"0"`, `"1"`, …
public final class Sequential: Module {
    public var isTraining = true
    /// The layers, in the order they are applied.
    public private(set) var layers: [any Module]

    public init(_ layers: [any Module]) { self.layers = layers }
    public convenience init(_ layers: any Module...) { self.init(layers) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard Profiler.isEnabled else { return layers.reduce(x) { input, layer in layer(input) } }
        return layers.enumerated().reduce(x) { input, indexed in
            Profiler.layer("\(indexed.offset) \(indexed.element)") { indexed.element(input) }
        }
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
