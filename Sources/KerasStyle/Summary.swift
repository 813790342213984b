import Foundation
import TensorCore

extension Sequential {
    /// Keras 3's `model.summary()`, character for character (as printed to a log, 88 columns wide): one row per
    /// layer with its name, class, output shape and parameter count (a model inside the model is one row), then
    /// the totals. Keras counts BatchNormalization's moving mean and variance as **non-trainable params**, and
    /// every weight of a frozen layer too, so "Trainable params" is what `trainOnBatch` would update now.
    public func summary() -> String {
        let widths = [36, 27, 15]
        var shape = inputShape
        let rows: [[String]] = layers.map { layer in
            shape = shape.map(layer.outputShape)
            let shown = shape.map { "(" + (["None"] + $0.map(String.init)).joined(separator: ", ") + ")" } ?? "?"
            return ["\(layer.name) (\(layer.className))", shown, groupedThousands(layer.countParams())]
        }
        func border(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func line(_ cells: [String], bar: String, rightAligned: [Bool]) -> [String] {
            let wrapped = zip(cells, widths).map { wrap($0, width: $1) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                let parts = wrapped.indices.map { column -> String in
                    let text = row < wrapped[column].count ? wrapped[column][row] : ""
                    let pad = String(repeating: " ", count: widths[column] - text.count)
                    return " " + (rightAligned[column] ? pad + text : text + pad) + " "
                }
                return bar + parts.joined(separator: bar) + bar
            }
        }
        let alignment = [false, false, true]
        var lines = ["Model: \"\(name)\"", border("┏", "━", "┳", "┓")]
        lines += line(["Layer (type)", "Output Shape", "Param #"], bar: "┃", rightAligned: alignment)
        lines.append(border("┡", "━", "╇", "┩"))
        for (index, row) in rows.enumerated() {
            if index > 0 { lines.append(border("├", "─", "┼", "┤")) }
            lines += line(row, bar: "│", rightAligned: alignment)
        }
        lines.append(border("└", "─", "┴", "┘"))
        let all = uniqueCount(weights.map(\.tensor)), trainable = uniqueCount(trainableWeights)
        lines.append(" Total params: \(groupedThousands(all)) (\(readableMemorySize(all * 4)))")
        lines.append(" Trainable params: \(groupedThousands(trainable)) (\(readableMemorySize(trainable * 4)))")
        lines.append(" Non-trainable params: \(groupedThousands(all - trainable)) (\(readableMemorySize((all - trainable) * 4)))")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The number of scalars in `tensors`, each counted once.
private func uniqueCount(_ tensors: [Tensor]) -> Int {
    var seen = Set<ObjectIdentifier>()
    return tensors.reduce(0) { total, tensor in seen.insert(ObjectIdentifier(tensor)).inserted ? total + tensor.count : total }
}

/// 1149585 → "1,149,585", Python's `f"{n:,}"`.
func groupedThousands(_ n: Int) -> String {
    let digits = String(n)
    var result = ""
    for (i, d) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
        result.append(d)
    }
    return result
}

/// Keras's `readable_memory_size`: bytes in B, KB, MB, … (powers of 1024) with two decimals.
func readableMemorySize(_ bytes: Int) -> String {
    var size = Double(bytes)
    for unit in ["B", "KB", "MB", "GB", "TB"] {
        if size / 1024 < 1 { return String(format: "%.2f %@", size, unit) }
        size /= 1024
    }
    return String(format: "%.2f PB", size)
}

/// Greedy word wrap at spaces, as the summary's table wraps a long cell; a word longer than `width` is cut.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ").map(String.init) {
        var word = word
        if current.isEmpty {
            while word.count > width { lines.append(String(word.prefix(width))); word = String(word.dropFirst(width)) }
            current = word
        } else if current.count + 1 + word.count <= width {
            current += " " + word
        } else {
            lines.append(current)
            while word.count > width { lines.append(String(word.prefix(width))); word = String(word.dropFirst(width)) }
            current = word
        }
    }
    lines.append(current)
    return lines
}
