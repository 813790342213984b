// Changing the shape: reshape (shares storage), permute and transpose, concat and stack, slicing.

extension Tensor {
    /// The same elements seen with another shape (one size may be -1: inferred). Shares storage.
    public func reshape(_ newShape: [Int]) -> Tensor {
        var newShape = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            require(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) (\(count) elements) into \(newShape)")
            newShape[inferred] = count / known
        }
        require(newShape.reduce(1, *) == count, "reshape: cannot reshape \(shape) (\(count) elements) into \(newShape)")
        if newShape == shape { return self }
        let inputShape = shape
        return Tensor(storage: storage, shape: newShape)
            .recordOperation("reshape", inputs: [self]) { g in [g.reshape(inputShape)] }
    }

    /// Flattens the axes from `startAxis` on into one: `[N, C, H, W]` → `[N, C·H·W]` by default.
    public func flatten(from startAxis: Int = 1) -> Tensor {
        reshape(Array(shape[..<startAxis]) + [shape[startAxis...].reduce(1, *)])
    }

    /// Inserts an axis of size 1 at `axis`.
    public func unsqueeze(_ axis: Int) -> Tensor {
        var s = shape
        s.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
        return reshape(s)
    }

    /// Removes an axis of size 1.
    public func squeeze(_ axis: Int) -> Tensor {
        let a = normalizedAxes([axis], operation: "squeeze")[0]
        require(shape[a] == 1, "squeeze: axis \(axis) of shape \(shape) has size \(shape[a]), not 1")
        var s = shape
        s.remove(at: a)
        return reshape(s)
    }

    /// Reorders the axes: output axis `i` is input axis `order[i]`. Copies.
    public func permute(_ order: [Int]) -> Tensor {
        let order = normalizedAxes(order, operation: "permute")
        require(order.sorted() == Array(0..<rank), "permute: \(order) is not a permutation of the axes of shape \(shape)")
        if order == Array(0..<rank) { return self }
        let outShape = order.map { shape[$0] }
        let inStrides = contiguousStrides(shape)
        let out = Tensor(uninitializedShape: outShape, dtype: dtype)
        let (sizes, strides) = coalesce(outShape, [order.map { inStrides[$0] }, contiguousStrides(outShape), contiguousStrides(outShape)])
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), y = out.pointer(T.self)
            let inner = sizes[sizes.count - 1], sx = strides[0].last!
            forEachRow(sizes, strides[0], strides[1], strides[2]) { ox, oy, _ in
                for j in 0..<inner { y[oy + j] = x[ox + j * sx] }
            }
        }
        switch dtype {
        case .float32: run(Float.self)
        case .float64: run(Double.self)
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return out.recordOperation("permute", inputs: [self]) { g in [g.permute(inverse)] }
    }

    /// Swaps two axes (the last two by default). Copies.
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        let axes = normalizedAxes([a, b], operation: "transpose")
        var order = Array(0..<rank)
        order.swapAt(axes[0], axes[1])
        return permute(order)
    }

    /// `length` entries along `axis` starting at `start`, as a new tensor.
    public func narrow(axis: Int, start: Int, length: Int) -> Tensor {
        let axis = normalizedAxes([axis], operation: "narrow")[0]
        require(start >= 0 && length >= 0 && start + length <= shape[axis],
                     "narrow: range \(start)..<\(start + length) is out of bounds for axis \(axis) of shape \(shape)")
        var outShape = shape
        outShape[axis] = length
        let out = Tensor(uninitializedShape: outShape, dtype: dtype)
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let bytes = dtype.byteSize, rowBytes = length * inner * bytes
        for o in 0..<outer {
            (out.storage.raw + o * rowBytes).copyMemory(from: storage.raw + (o * shape[axis] + start) * inner * bytes, byteCount: rowBytes)
        }
        let inputShape = shape, inputDType = dtype
        return out.recordOperation("narrow", inputs: [self]) { g in
            let grad = Tensor.zeros(inputShape, dtype: inputDType)
            for o in 0..<outer {
                (grad.storage.raw + (o * inputShape[axis] + start) * inner * bytes).copyMemory(from: g.storage.raw + o * rowBytes, byteCount: rowBytes)
            }
            return [grad]
        }
    }

    /// Rows `range` of the first axis: `x[0..<16]`.
    public subscript(range: Range<Int>) -> Tensor { narrow(axis: 0, start: range.lowerBound, length: range.count) }

    /// The rows (entries of the first axis) at `indices`, in that order, like PyTorch's `index_select(0, …)`.
    public func rows(at indices: [Int]) -> Tensor {
        let rowCount = shape.first ?? 0
        let inner = count / Swift.max(rowCount, 1), rowBytes = inner * dtype.byteSize
        var outShape = shape
        outShape[0] = indices.count
        let out = Tensor(uninitializedShape: outShape, dtype: dtype)
        for (i, r) in indices.enumerated() {
            require(r >= 0 && r < rowCount, "rows(at:): index \(r) is out of range for \(rowCount) rows")
            (out.storage.raw + i * rowBytes).copyMemory(from: storage.raw + r * rowBytes, byteCount: rowBytes)
        }
        let inputShape = shape
        return out.recordOperation("rows", inputs: [self]) { g in
            let grad = Tensor.zeros(inputShape, dtype: g.dtype)
            for (i, r) in indices.enumerated() {
                grad.narrowView(row: r, inner: inner).addInPlace(g.narrowView(row: i, inner: inner))
            }
            return [grad]
        }
    }

    /// Row `row` of this tensor seen as `[rows, inner]`, a window onto its storage.
    private func narrowView(row: Int, inner: Int) -> RowView { RowView(base: self, offset: row * inner, count: inner) }

    /// Joins tensors along an existing axis; all other sizes must match.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        require(!tensors.isEmpty, "concat: no tensors given")
        let first = tensors[0]
        let axis = first.normalizedAxes([axis], operation: "concat")[0]
        for t in tensors {
            require(t.rank == first.rank && t.dtype == first.dtype
                         && t.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first.shape[$0.offset] },
                         "concat: shapes \(first.shape) and \(t.shape) differ outside axis \(axis)")
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let out = Tensor(uninitializedShape: outShape, dtype: first.dtype)
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        let bytes = first.dtype.byteSize
        var start = 0
        var starts: [Int] = []
        for t in tensors {
            starts.append(start)
            let rowBytes = t.shape[axis] * inner * bytes
            for o in 0..<outer {
                (out.storage.raw + (o * outShape[axis] + start) * inner * bytes).copyMemory(from: t.storage.raw + o * rowBytes, byteCount: rowBytes)
            }
            start += t.shape[axis]
        }
        return out.recordOperation("concat", inputs: tensors) { g in
            zip(tensors, starts).map { t, s in t.requiresGrad ? g.narrow(axis: axis, start: s, length: t.shape[axis]) : nil }
        }
    }

    /// Joins tensors of equal shape along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        concat(tensors.map { $0.unsqueeze(axis) }, axis: axis)
    }
}

/// A window of `count` elements in a tensor's storage, used to add gradients row by row.
private struct RowView {
    let base: Tensor, offset: Int, count: Int

    func addInPlace(_ other: RowView) {
        switch base.dtype {
        case .float32:
            let p = base.pointer(Float.self) + offset, q = other.base.pointer(Float.self) + other.offset
            for i in 0..<count { p[i] += q[i] }
        case .float64:
            let p = base.pointer(Double.self) + offset, q = other.base.pointer(Double.self) + other.offset
            for i in 0..<count { p[i] += q[i] }
        }
    }
}
