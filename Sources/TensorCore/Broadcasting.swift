/// NumPy/PyTorch broadcasting: align shapes on the right; two sizes are compatible when they
/// are equal or one of them is 1; a missing axis counts as size 1. Returns `nil` when incompatible.
public func broadcastShapes(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        if x == y || y == 1 { result[i] = x } else if x == 1 { result[i] = y } else { return nil }
    }
    return result
}

/// The broadcast shape, or a stop with a message naming both shapes and the operation.
func broadcastShape(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
    guard let shape = broadcastShapes(a, b) else {
        fatalError("\(operation): shapes \(a) and \(b) cannot be broadcast together (sizes must match or be 1, aligned on the right)")
    }
    return shape
}

/// Row-major strides of a contiguous tensor.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = running
        running *= shape[i]
    }
    return strides
}

/// Strides that read a contiguous tensor of `shape` as if it had `outShape`: 0 on broadcast axes.
func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let offset = outShape.count - shape.count
    return (0..<outShape.count).map { i in
        i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
}

/// Merges neighbouring axes that every operand walks contiguously, and drops axes of size 1,
/// so that a strided loop has as few, and as long, inner rows as possible.
func coalesce(_ sizes: [Int], _ strides: [[Int]]) -> (sizes: [Int], strides: [[Int]]) {
    var outSizes: [Int] = []
    var outStrides: [[Int]] = Array(repeating: [], count: strides.count)
    for axis in 0..<sizes.count where sizes[axis] != 1 {
        if let lastSize = outSizes.last,
           strides.indices.allSatisfy({ outStrides[$0].last! == strides[$0][axis] * sizes[axis] }) {
            outSizes[outSizes.count - 1] = lastSize * sizes[axis]
            for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
        } else {
            outSizes.append(sizes[axis])
            for k in strides.indices { outStrides[k].append(strides[k][axis]) }
        }
    }
    if outSizes.isEmpty {
        outSizes = [1]
        for k in strides.indices { outStrides[k] = [0] }
    }
    return (outSizes, outStrides)
}

/// Calls `row(offsetA, offsetB, offsetC)` for every innermost row of a strided loop over `sizes`
/// (three operands; the innermost axis itself is left to the caller).
@inline(__always)
func forEachRow(_ sizes: [Int], _ sa: [Int], _ sb: [Int], _ sc: [Int], _ row: (Int, Int, Int) -> Void) {
    let outerRank = sizes.count - 1
    if outerRank == 0 { row(0, 0, 0); return }
    var index = [Int](repeating: 0, count: outerRank)
    var oa = 0, ob = 0, oc = 0
    var rows = 1
    for d in 0..<outerRank { rows *= sizes[d] }
    for _ in 0..<rows {
        row(oa, ob, oc)
        var d = outerRank - 1
        while d >= 0 {
            index[d] += 1
            oa += sa[d]; ob += sb[d]; oc += sc[d]
            if index[d] < sizes[d] { break }
            oa -= sa[d] * sizes[d]; ob -= sb[d] * sizes[d]; oc -= sc[d] * sizes[d]
            index[d] = 0
            d -= 1
        }
    }
}
