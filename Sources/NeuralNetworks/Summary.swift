import Foundation
import TensorCore

/// A table of the model's layers, like torchinfo's `summary` or Keras's `model.summary()`:
/// every layer's output shape for an input of `inputShape` (batch axis included, e.g. `[1, 100]`),
/// its parameter count, the totals (trainable and frozen) and the parameters' memory.
///
/// A `Sequential` is expanded layer by layer (nested ones too); any other module is one row.
/// Shapes come from one forward pass of zeros, run without gradients in evaluation mode;
/// every module's training flag is restored afterwards.
public func summary(_ model: any Module, inputShape: [Int]) -> String {
    let modules = model.namedModules()
    let modes = modules.map(\.module.isTraining)
    defer { for ((_, module), mode) in zip(modules, modes) { module.isTraining = mode } }
    model.eval()
    let dtype = model.parameters().first?.dtype ?? .float32

    var rows: [(name: String, layer: String, shape: String, parameters: Int)] = []
    func walk(_ module: any Module, _ name: String, _ input: Tensor) -> Tensor {
        if let sequential = module as? Sequential {
            return sequential.children.reduce(input) { x, child in
                walk(child.module, name.isEmpty ? child.name : "\(name).\(child.name)", x)
            }
        }
        let output = module(input)
        let layer = (module as? CustomStringConvertible)?.description ?? "\(type(of: module))"
        rows.append((name, layer, "\(output.shape)", module.parameterCount))
        return output
    }
    _ = withNoGrad { walk(model, "", Tensor.zeros(inputShape, dtype: dtype)) }

    let header = (name: "Name", layer: "Layer", shape: "Output shape", parameters: "Parameters")
    let widths = (name: max(header.name.count, rows.map(\.name.count).max() ?? 0),
                  layer: max(header.layer.count, rows.map(\.layer.count).max() ?? 0),
                  shape: max(header.shape.count, rows.map(\.shape.count).max() ?? 0),
                  parameters: max(header.parameters.count, rows.map { grouped($0.parameters).count }.max() ?? 0))
    func line(_ name: String, _ layer: String, _ shape: String, _ parameters: String) -> String {
        name.padding(toLength: widths.name, withPad: " ", startingAt: 0) + "  "
            + layer.padding(toLength: widths.layer, withPad: " ", startingAt: 0) + "  "
            + shape.padding(toLength: widths.shape, withPad: " ", startingAt: 0) + "  "
            + String(repeating: " ", count: widths.parameters - parameters.count) + parameters
    }
    let rule = String(repeating: "=", count: widths.name + widths.layer + widths.shape + widths.parameters + 6)
    let total = model.parameterCount, trainable = model.trainableParameterCount
    let bytes = model.parameters().reduce(0) { $0 + $1.count * $1.dtype.byteSize }
    var lines = ["Input shape: \(inputShape)", rule, line(header.name, header.layer, header.shape, header.parameters), rule]
    lines += rows.map { line($0.name, $0.layer, $0.shape, grouped($0.parameters)) }
    lines += [rule,
              "Total parameters:     \(grouped(total))",
              "Trainable parameters: \(grouped(trainable))",
              "Frozen parameters:    \(grouped(total - trainable))",
              "Parameter memory:     \(String(format: "%.2f", Double(bytes) / 1_000_000)) MB (\(dtype))",
              rule]
    return lines.joined(separator: "\n")
}

/// 1486352 → "1,486,352".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var result = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 && d != "-" && digits[i - 1] != "-" { result.append(",") }
        result.append(d)
    }
    return result
}
