// Element-wise arithmetic with broadcasting, and its gradients.
// The gradient of a broadcast input is summed over the axes it was broadcast along.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        zipElements(a, b, AddFunction(), operation: "add")
            .recordOperation("add", inputs: [a, b]) { g in [g.sumToShape(a.shape), g.sumToShape(b.shape)] }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        zipElements(a, b, SubtractFunction(), operation: "sub")
            .recordOperation("sub", inputs: [a, b]) { g in [g.sumToShape(a.shape), (-g).sumToShape(b.shape)] }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        zipElements(a, b, MultiplyFunction(), operation: "mul")
            .recordOperation("mul", inputs: [a, b]) { g in
                [a.requiresGrad ? (g * b).sumToShape(a.shape) : nil,
                 b.requiresGrad ? (g * a).sumToShape(b.shape) : nil]
            }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        zipElements(a, b, DivideFunction(), operation: "div")
            .recordOperation("div", inputs: [a, b]) { g in
                let gOverB = g / b
                return [a.requiresGrad ? gOverB.sumToShape(a.shape) : nil,
                        b.requiresGrad ? (-(gOverB * a / b)).sumToShape(b.shape) : nil]
            }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        mapElements(x, NegateFunction()).recordOperation("neg", inputs: [x]) { g in [-g] }
    }

    /// A one-element tensor of this tensor's dtype, for mixing with plain numbers.
    func scalarLike(_ value: Float) -> Tensor { Tensor.full([], Double(value), dtype: dtype) }

    public static func + (a: Tensor, b: Float) -> Tensor { a + a.scalarLike(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { b.scalarLike(a) + b }
    public static func - (a: Tensor, b: Float) -> Tensor { a - a.scalarLike(b) }
    public static func - (a: Float, b: Tensor) -> Tensor { b.scalarLike(a) - b }
    public static func * (a: Tensor, b: Float) -> Tensor { a * a.scalarLike(b) }
    public static func * (a: Float, b: Tensor) -> Tensor { b.scalarLike(a) * b }
    public static func / (a: Tensor, b: Float) -> Tensor { a / a.scalarLike(b) }
    public static func / (a: Float, b: Tensor) -> Tensor { b.scalarLike(a) / b }

    /// Adds `other` (same shape) into this tensor's storage, outside any graph.
    public func addInPlace(_ other: Tensor, scaledBy alpha: Double = 1) {
        precondition(other.shape == shape || other.count == count, "addInPlace: shapes \(shape) and \(other.shape) differ")
        switch dtype {
        case .float32:
            let p = pointer(Float.self), q = other.pointer(Float.self), s = Float(alpha)
            for i in 0..<count { p[i] += s * q[i] }
        case .float64:
            let p = pointer(Double.self), q = other.pointer(Double.self)
            for i in 0..<count { p[i] += alpha * q[i] }
        }
    }

    /// Overwrites this tensor's elements with `other`'s (same element count), outside any graph.
    public func copy(from other: Tensor) {
        precondition(other.count == count && other.dtype == dtype,
                     "copy(from:): source has shape \(other.shape) (\(other.dtype)), destination \(shape) (\(dtype))")
        storage.raw.copyMemory(from: other.storage.raw, byteCount: count * dtype.byteSize)
    }

    /// Sets every element to `value`, outside any graph.
    public func fill(_ value: Double) {
        switch dtype {
        case .float32: pointer(Float.self).update(repeating: Float(value), count: count)
        case .float64: pointer(Double.self).update(repeating: value, count: count)
        }
    }

    /// A copy converted to `dtype` (gradients flow back converted).
    public func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        let out = Tensor(uninitializedShape: shape, dtype: target)
        switch (dtype, target) {
        case (.float32, .float64):
            let p = pointer(Float.self), q = out.pointer(Double.self)
            for i in 0..<count { q[i] = Double(p[i]) }
        default:
            let p = pointer(Double.self), q = out.pointer(Float.self)
            for i in 0..<count { q[i] = Float(p[i]) }
        }
        let source = dtype
        return out.recordOperation("to(\(target))", inputs: [self]) { g in [g.to(source)] }
    }
}
