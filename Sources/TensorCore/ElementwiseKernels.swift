/// A scalar function applied element by element, generic over `Float` and `Double`.
protocol UnaryFunction {
    func callAsFunction<T: TensorScalar>(_ x: T) -> T
}

/// A scalar function of two arguments applied element by element with broadcasting.
protocol BinaryFunction {
    func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T
}

/// `f(x)` for every element, into a new tensor.
func mapElements<F: UnaryFunction>(_ x: Tensor, _ f: F) -> Tensor {
    let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
    switch x.dtype {
    case .float32: unaryLoop(f, x.pointer(Float.self), out.pointer(Float.self), x.count)
    case .float64: unaryLoop(f, x.pointer(Double.self), out.pointer(Double.self), x.count)
    }
    return out
}

@inline(__always)
private func unaryLoop<T: TensorScalar, F: UnaryFunction>(_ f: F, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    for i in 0..<n { y[i] = f(x[i]) }
}

/// `f(a, b)` element by element with broadcasting, into a new tensor.
func zipElements<F: BinaryFunction>(_ a: Tensor, _ b: Tensor, _ f: F, operation: String) -> Tensor {
    precondition(a.dtype == b.dtype, "\(operation): dtypes \(a.dtype) and \(b.dtype) differ; convert one with .to(_:)")
    let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape, operation: operation)
    let out = Tensor(uninitializedShape: shape, dtype: a.dtype)
    switch a.dtype {
    case .float32: binaryLoop(f, a, b, out, Float.self)
    case .float64: binaryLoop(f, a, b, out, Double.self)
    }
    return out
}

@inline(__always)
private func binaryLoop<T: TensorScalar, F: BinaryFunction>(_ f: F, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type) {
    let pa = a.pointer(T.self), pb = b.pointer(T.self), po = out.pointer(T.self)
    let n = out.count
    if a.count == n && b.count == n {
        for i in 0..<n { po[i] = f(pa[i], pb[i]) }
    } else if b.count == 1 {
        let s = pb[0]
        for i in 0..<n { po[i] = f(pa[i], s) }
    } else if a.count == 1 {
        let s = pa[0]
        for i in 0..<n { po[i] = f(s, pb[i]) }
    } else {
        let (sizes, strides) = coalesce(out.shape, [broadcastStrides(a.shape, to: out.shape),
                                                    broadcastStrides(b.shape, to: out.shape),
                                                    contiguousStrides(out.shape)])
        let inner = sizes[sizes.count - 1]
        let ia = strides[0].last!, ib = strides[1].last!
        forEachRow(sizes, strides[0], strides[1], strides[2]) { oa, ob, oc in
            let ra = pa + oa, rb = pb + ob, rc = po + oc
            if ia == 1 && ib == 1 {
                for j in 0..<inner { rc[j] = f(ra[j], rb[j]) }
            } else if ib == 0 {
                let s = rb[0]
                for j in 0..<inner { rc[j] = f(ra[j * ia], s) }
            } else if ia == 0 {
                let s = ra[0]
                for j in 0..<inner { rc[j] = f(s, rb[j * ib]) }
            } else {
                for j in 0..<inner { rc[j] = f(ra[j * ia], rb[j * ib]) }
            }
        }
    }
}

// MARK: The scalar functions

struct AddFunction: BinaryFunction { func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a + b } }
struct SubtractFunction: BinaryFunction { func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a - b } }
struct MultiplyFunction: BinaryFunction { func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a * b } }
struct DivideFunction: BinaryFunction { func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T { a / b } }
struct NegateFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { -x } }
struct ExpFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.exp(x) } }
struct LogFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.log(x) } }
struct TanhFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { T.tanh(x) } }
struct SqrtFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { x.squareRoot() } }
struct AbsFunction: UnaryFunction { func callAsFunction<T: TensorScalar>(_ x: T) -> T { abs(x) } }
struct SigmoidFunction: UnaryFunction {
    func callAsFunction<T: TensorScalar>(_ x: T) -> T {
        // Stable on both sides: never exponentiates a large positive number.
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }
}
struct SoftplusFunction: UnaryFunction {
    /// log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|), stable for large |x|.
    func callAsFunction<T: TensorScalar>(_ x: T) -> T { max(x, 0) + T.log(onePlus: T.exp(-abs(x))) }
}
struct LeakyReLUFunction: UnaryFunction {
    let slope: Double
    func callAsFunction<T: TensorScalar>(_ x: T) -> T { x > 0 ? x : T(slope) * x }
}
struct ClampFunction: UnaryFunction {
    let low: Double, high: Double
    func callAsFunction<T: TensorScalar>(_ x: T) -> T { min(max(x, T(low)), T(high)) }
}
struct PowFunction: UnaryFunction {
    let exponent: Double
    func callAsFunction<T: TensorScalar>(_ x: T) -> T {
        if exponent == 2 { return x * x }
        // An integral exponent is defined for negative bases too.
        if let n = Int(exactly: exponent) { return T.pow(x, n) }
        return T.pow(x, T(exponent))
    }
}

// Backward rules, as functions of (saved value, incoming gradient).
struct TanhBackward: BinaryFunction { func callAsFunction<T: TensorScalar>(_ y: T, _ g: T) -> T { g * (1 - y * y) } }
struct SigmoidBackward: BinaryFunction { func callAsFunction<T: TensorScalar>(_ y: T, _ g: T) -> T { g * y * (1 - y) } }
struct SqrtBackward: BinaryFunction { func callAsFunction<T: TensorScalar>(_ y: T, _ g: T) -> T { g / (2 * y) } }
struct AbsBackward: BinaryFunction {
    func callAsFunction<T: TensorScalar>(_ x: T, _ g: T) -> T { x > 0 ? g : (x < 0 ? -g : 0) }
}
struct SoftplusBackward: BinaryFunction {
    func callAsFunction<T: TensorScalar>(_ x: T, _ g: T) -> T { g * SigmoidFunction()(x) }
}
struct LeakyReLUBackward: BinaryFunction {
    let slope: Double
    func callAsFunction<T: TensorScalar>(_ x: T, _ g: T) -> T { x > 0 ? g : T(slope) * g }
}
struct ClampBackward: BinaryFunction {
    let low: Double, high: Double
    func callAsFunction<T: TensorScalar>(_ x: T, _ g: T) -> T { x >= T(low) && x <= T(high) ? g : 0 }
}
struct PowBackward: BinaryFunction {
    let exponent: Double
    func callAsFunction<T: TensorScalar>(_ x: T, _ g: T) -> T {
        if exponent == 2 { return 2 * x * g }
        if let n = Int(exactly: exponent) { return g * T(exponent) * T.pow(x, n - 1) }
        return g * T(exponent) * T.pow(x, T(exponent - 1))
    }
}
