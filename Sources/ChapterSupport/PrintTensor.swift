import TensorCore

/// Prints `label` and the tensor: on one line for a scalar or a vector, on the lines below for a matrix or more.
public func printTensor(_ label: String, _ tensor: Tensor) {
    print(tensor.rank < 2 ? "\(label) \(tensor)" : "\(label)\n\(tensor)")
}
