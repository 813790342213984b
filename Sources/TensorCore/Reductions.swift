// Sums, means and maxima, over everything or along axes, and the broadcast that undoes a sum.

extension Tensor {
    /// Sum of all elements (shape `[]`).
    public func sum() -> Tensor {
        let out = Tensor(uninitializedShape: [], dtype: dtype)
        switch dtype {
        case .float32:
            var total: Double = 0
            let p = pointer(Float.self)
            for i in 0..<count { total += Double(p[i]) }
            out.pointer(Float.self)[0] = Float(total)
        case .float64:
            var total: Double = 0
            let p = pointer(Double.self)
            for i in 0..<count { total += p[i] }
            out.pointer(Double.self)[0] = total
        }
        let inputShape = shape
        return out.recordOperation("sum", inputs: [self]) { g in [g.expand(to: inputShape)] }
    }

    /// Sum along `axes` (negative axes count from the end); the summed axes are kept with size 1 if `keepDims`.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let axes = normalizedAxes(axes, operation: "sum")
        let keptShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let reduced = withNoGrad { sumToShape(keptShape) }
        let out = keepDims ? reduced : Tensor(storage: reduced.storage, shape: shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
        let inputShape = shape
        return out.recordOperation("sum", inputs: [self]) { g in [g.reshape(keptShape).expand(to: inputShape)] }
    }

    /// Sum along one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Mean of all elements.
    public func mean() -> Tensor { sum() / Float(count) }

    /// Mean along `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = normalizedAxes(axes, operation: "mean").reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) / Float(n)
    }

    /// Mean along one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Largest element (shape `[]`); the gradient goes to its first occurrence.
    public func max() -> Tensor { reshape([count]).max(axis: 0) }

    /// Largest element along `axis`; the gradient goes to the first occurrence of each maximum.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = normalizedAxes([axis], operation: "max")[0]
        require(shape[axis] > 0, "max: axis \(axis) of shape \(shape) is empty")
        let (values, winners) = maxAlong(axis)
        var outShape = shape
        outShape[axis] = 1
        let out = keepDims ? Tensor(storage: values.storage, shape: outShape)
                           : Tensor(storage: values.storage, shape: shape.enumerated().filter { $0.offset != axis }.map(\.element))
        let inputShape = shape, inputDType = dtype
        return out.recordOperation("max", inputs: [self]) { g in
            let grad = Tensor.zeros(inputShape, dtype: inputDType)
            switch inputDType {
            case .float32: scatter(g.pointer(Float.self), into: grad.pointer(Float.self), winners)
            case .float64: scatter(g.pointer(Double.self), into: grad.pointer(Double.self), winners)
            }
            return [grad]
        }
    }

    /// Index of the largest element along `axis` for every other position (first occurrence wins).
    public func argmax(axis: Int = -1) -> [Int] {
        let axis = normalizedAxes([axis], operation: "argmax")[0]
        let (_, winners) = withNoGrad { maxAlong(axis) }
        let inner = shape[(axis + 1)...].reduce(1, *), n = shape[axis]
        return winners.map { ($0 / inner) % n }
    }

    /// Maximum values along `axis` and the flat indices where they were found.
    private func maxAlong(_ axis: Int) -> (Tensor, [Int]) {
        let outer = shape[..<axis].reduce(1, *), n = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        let values = Tensor(uninitializedShape: [outer * inner], dtype: dtype)
        var winners = [Int](repeating: 0, count: outer * inner)
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), v = values.pointer(T.self)
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = o * n * inner + i
                    for j in 1..<n where x[o * n * inner + j * inner + i] > x[best] { best = o * n * inner + j * inner + i }
                    v[o * inner + i] = x[best]
                    winners[o * inner + i] = best
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        }
        return (values, winners)
    }

    /// Sums this tensor down to `target` (the inverse of broadcasting `target` up to `shape`).
    public func sumToShape(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        let out = Tensor.zeros(target, dtype: dtype)
        require(broadcastShapes(target, shape) == shape, "sumToShape: \(shape) does not broadcast from \(target)")
        let (sizes, strides) = coalesce(shape, [contiguousStrides(shape), broadcastStrides(target, to: shape), contiguousStrides(shape)])
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), y = out.pointer(T.self)
            let inner = sizes[sizes.count - 1], sx = strides[0].last!, sy = strides[1].last!
            forEachRow(sizes, strides[0], strides[1], strides[2]) { ox, oy, _ in
                if sy == 0 {
                    var total: T = 0
                    for j in 0..<inner { total += x[ox + j * sx] }
                    y[oy] += total
                } else {
                    for j in 0..<inner { y[oy + j * sy] += x[ox + j * sx] }
                }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        }
        let inputShape = shape
        return out.recordOperation("sumToShape", inputs: [self]) { g in [g.expand(to: inputShape)] }
    }

    /// Repeats this tensor along broadcast axes to fill `target`, like PyTorch's `expand` (here a copy).
    public func expand(to target: [Int]) -> Tensor {
        if target == shape { return self }
        require(broadcastShapes(shape, target) == target, "expand: shape \(shape) cannot be broadcast to \(target)")
        let out = Tensor(uninitializedShape: target, dtype: dtype)
        let (sizes, strides) = coalesce(target, [broadcastStrides(shape, to: target), contiguousStrides(target), contiguousStrides(target)])
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), y = out.pointer(T.self)
            let inner = sizes[sizes.count - 1], sx = strides[0].last!, sy = strides[1].last!
            forEachRow(sizes, strides[0], strides[1], strides[2]) { ox, oy, _ in
                for j in 0..<inner { y[oy + j * sy] = x[ox + j * sx] }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        }
        let inputShape = shape
        return out.recordOperation("expand", inputs: [self]) { g in [g.sumToShape(inputShape)] }
    }

    /// Axes made non-negative and checked against the rank.
    func normalizedAxes(_ axes: [Int], operation: String) -> [Int] {
        axes.map { axis in
            let a = axis < 0 ? axis + rank : axis
            require(a >= 0 && a < rank, "\(operation): axis \(axis) is out of range for shape \(shape)")
            return a
        }
    }
}

private func scatter<T: TensorScalar>(_ g: UnsafeMutablePointer<T>, into grad: UnsafeMutablePointer<T>, _ winners: [Int]) {
    for (i, w) in winners.enumerated() { grad[w] += g[i] }
}
