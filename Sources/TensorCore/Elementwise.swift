// Element-wise operations: the arithmetic operators with broadcasting, the activation functions,
// their derivatives, and the loops that run them.
//
// They share one file on purpose. A debug build (what `swift run` makes) compiles each file on its
// own, and the optimiser can specialise a generic kernel such as `zipElements(_:_:_:)` for
// `AddFunction` and `Float` only when the call and the kernel's body are in the same file.
// Split apart, every element would go through protocol witnesses: measured 20–50× slower.

// MARK: - Kernels

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
    Profiler.measure(.elementwise) {
        switch x.dtype {
        case .float32: unaryLoop(f, x.pointer(Float.self), out.pointer(Float.self), x.count)
        case .float64: unaryLoop(f, x.pointer(Double.self), out.pointer(Double.self), x.count)
        }
    }
    return out
}

@inline(__always)
private func unaryLoop<T: TensorScalar, F: UnaryFunction>(_ f: F, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    inBlocks(n) { range in for i in range { y[i] = f(x[i]) } }
}

/// Runs `body` over `0..<n`: in blocks of 16k elements on `computeThreads` threads from 32k elements on, else on the
/// calling thread. The pool's workers wait spinning between loops, so a split pays off from a few tens of
/// microseconds of work (measured on 2 cores: an MLP GAN's step, whose activations have 100k–130k elements).
@inline(__always)
private func inBlocks(_ n: Int, _ body: (Range<Int>) -> Void) {
    let block = 1 << 14
    guard n >= 2 * block else { return body(0..<n) }
    parallelFor((n + block - 1) / block, cost: block) { b in body((b * block)..<Swift.min(n, (b + 1) * block)) }
}

/// `f(a, b)` element by element with broadcasting, into a new tensor.
func zipElements<F: BinaryFunction>(_ a: Tensor, _ b: Tensor, _ f: F, operation: String) -> Tensor {
    require(a.dtype == b.dtype, "\(operation): dtypes \(a.dtype) and \(b.dtype) differ; convert one with .to(_:)")
    let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape, operation: operation)
    let out = Tensor(uninitializedShape: shape, dtype: a.dtype)
    Profiler.measure(.elementwise) {
        switch a.dtype {
        case .float32: binaryLoop(f, a, b, out, Float.self)
        case .float64: binaryLoop(f, a, b, out, Double.self)
        }
    }
    return out
}

@inline(__always)
private func binaryLoop<T: TensorScalar, F: BinaryFunction>(_ f: F, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type) {
    let pa = a.pointer(T.self), pb = b.pointer(T.self), po = out.pointer(T.self)
    let n = out.count
    if a.count == n && b.count == n {
        inBlocks(n) { range in for i in range { po[i] = f(pa[i], pb[i]) } }
    } else if b.count == 1 {
        let s = pb[0]
        inBlocks(n) { range in for i in range { po[i] = f(pa[i], s) } }
    } else if a.count == 1 {
        let s = pa[0]
        inBlocks(n) { range in for i in range { po[i] = f(s, pb[i]) } }
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

/// `tanh` of a `float32` tensor, eight elements at a time (`tanhOfEight`), into a new tensor.
func float32Tanh(_ x: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: x.shape, dtype: .float32)
    Profiler.measure(.elementwise) {
        let source = UnsafeRawPointer(x.pointer(Float.self)), target = UnsafeMutableRawPointer(out.pointer(Float.self))
        let count = x.count
        inBlocks(count) { range in
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let y = tanhOfEight(source.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
                target.storeBytes(of: y, toByteOffset: 4 * i, as: SIMD8<Float>.self)
                i += 8
            }
            guard i < range.upperBound else { return }
            var rest = SIMD8<Float>()
            for j in i..<range.upperBound { rest[j - i] = source.load(fromByteOffset: 4 * j, as: Float.self) }
            let y = tanhOfEight(rest)
            for j in i..<range.upperBound { target.storeBytes(of: y[j - i], toByteOffset: 4 * j, as: Float.self) }
        }
    }
    return out
}

/// tanh of eight floats at once, within 1 ulp of the correctly rounded value (checked against `Double`'s tanh over
/// every 7th float in [−20, 20]); ±0, ±∞ and NaN as the C library gives them. It is Cephes' `tanhf` in SIMD: below
/// |x| = 0.625 the odd polynomial x + x³·P(x²), above it 1 − 2 / (e^{2|x|} + 1) with the sign of x, and e^{2|x|} from
/// Cephes' `expf` (2ⁿ made from its bits). The C library's `tanhf`, one element at a time, took 4% of an MLP GAN's step.
@inline(__always)
func tanhOfEight(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let magnitude = x.replacing(with: -x, where: x .< 0)
    let z = x * x
    var p = SIMD8<Float>(repeating: -5.70498872745e-3)
    p = p * z + 2.06390887954e-2
    p = p * z - 5.37397155531e-2
    p = p * z + 1.33314422036e-1
    p = p * z - 3.33332819422e-1
    // x·(z·p) + x, not x·(1 + z·p): one rounding fewer. For x = −0 it would give +0, hence the `replacing`.
    let small = (p * z * x + x).replacing(with: x, where: z .== 0)
    // e^t for t = 2|x| (tanh is 1 in Float from |x| ≈ 9 on, so t stops at 40): t = n·ln 2 + r, e^t = 2ⁿ·e^r.
    var t = (magnitude * 2).replacing(with: 40, where: magnitude .> 20)
    let shifted = t * 1.44269504088896341 + 12582912  // 1.5·2²³: adding it rounds t/ln 2 to a whole number n.
    let n = shifted - 12582912
    t = t - n * 0.693359375
    t = t - n * -2.12194440e-4
    var q = SIMD8<Float>(repeating: 1.9875691500e-4)
    q = q * t + 1.3981999507e-3
    q = q * t + 8.3334519073e-3
    q = q * t + 4.1665795894e-2
    q = q * t + 1.6666665459e-1
    q = q * t + 5.0000001201e-1
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000  // n, from the low bits
    let twoToTheN = unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD8<Float>.self)
    let e = (q * t * t + t + 1) * twoToTheN
    var large = 1 - 2 / (e + 1)
    large.replace(with: -large, where: x .< 0)
    return small.replacing(with: large, where: magnitude .>= 0.625)
}

// MARK: - The scalar functions

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

// MARK: - Arithmetic with broadcasting, and its gradients.
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
        require(other.shape == shape || other.count == count, "addInPlace: shapes \(shape) and \(other.shape) differ")
        Profiler.measure(.elementwise) {
            switch dtype {
            case .float32:
                let p = pointer(Float.self), q = other.pointer(Float.self), s = Float(alpha)
                for i in 0..<count { p[i] += s * q[i] }
            case .float64:
                let p = pointer(Double.self), q = other.pointer(Double.self)
                for i in 0..<count { p[i] += alpha * q[i] }
            }
        }
    }

    /// Overwrites this tensor's elements with `other`'s, outside any graph. Shapes and dtypes must be the same:
    /// anything else stops the program with a message naming both (checked in every build, `-Ounchecked` too).
    public func copy(from other: Tensor) {
        require(other.shape == shape, "copy(from:): the source has shape \(other.shape), the destination \(shape); shapes must match "
                + "(reshape or transpose the source first: an [in, out] matrix does not load into an [out, in] weight)")
        require(other.dtype == dtype, "copy(from:): the source is \(other.dtype), the destination \(dtype); convert it with .to(.\(dtype)) first")
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

// MARK: - Element-wise functions and their derivatives.
// A backward rule that needs the output keeps a detached view of it (`saved`): capturing the
// output itself would make it own its own graph node, a reference cycle.

extension Tensor {
    /// eˣ.
    public func exp() -> Tensor {
        let y = mapElements(self, ExpFunction()), saved = y.detach()
        return y.recordOperation("exp", inputs: [self]) { g in [g * saved] }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        mapElements(self, LogFunction()).recordOperation("log", inputs: [self]) { g in [g / self] }
    }

    /// Hyperbolic tangent; the derivative 1 − tanh² is computed from the saved output.
    public func tanh() -> Tensor {
        let y = dtype == .float32 ? float32Tanh(self) : mapElements(self, TanhFunction()), saved = y.detach()
        return y.recordOperation("tanh", inputs: [self]) { g in [zipElements(saved, g, TanhBackward(), operation: "tanh backward")] }
    }

    /// The logistic function 1 / (1 + e⁻ˣ), computed without overflow; derivative σ(1 − σ).
    public func sigmoid() -> Tensor {
        let y = mapElements(self, SigmoidFunction()), saved = y.detach()
        return y.recordOperation("sigmoid", inputs: [self]) { g in [zipElements(saved, g, SigmoidBackward(), operation: "sigmoid backward")] }
    }

    /// max(x, 0).
    public func relu() -> Tensor { leakyReLU(slope: 0, name: "relu") }

    /// x for x > 0, slope · x otherwise.
    public func leakyReLU(slope: Double = 0.01) -> Tensor { leakyReLU(slope: slope, name: "leakyReLU") }

    private func leakyReLU(slope: Double, name: String) -> Tensor {
        mapElements(self, LeakyReLUFunction(slope: slope)).recordOperation(name, inputs: [self]) { g in
            [zipElements(self, g, LeakyReLUBackward(slope: slope), operation: "\(name) backward")]
        }
    }

    /// Limits every element to [low, high]; the gradient passes only where low ≤ x ≤ high (as in PyTorch).
    public func clamp(min low: Double = -.infinity, max high: Double = .infinity) -> Tensor {
        mapElements(self, ClampFunction(low: low, high: high)).recordOperation("clamp", inputs: [self]) { g in
            [zipElements(self, g, ClampBackward(low: low, high: high), operation: "clamp backward")]
        }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        let y = mapElements(self, SqrtFunction()), saved = y.detach()
        return y.recordOperation("sqrt", inputs: [self]) { g in [zipElements(saved, g, SqrtBackward(), operation: "sqrt backward")] }
    }

    /// Absolute value (gradient 0 at 0).
    public func abs() -> Tensor {
        mapElements(self, AbsFunction()).recordOperation("abs", inputs: [self]) { g in
            [zipElements(self, g, AbsBackward(), operation: "abs backward")]
        }
    }

    /// xᵖ for a constant exponent.
    public func pow(_ exponent: Double) -> Tensor {
        mapElements(self, PowFunction(exponent: exponent)).recordOperation("pow", inputs: [self]) { g in
            [zipElements(self, g, PowBackward(exponent: exponent), operation: "pow backward")]
        }
    }

    /// x².
    public func squared() -> Tensor { pow(2) }

    /// log(1 + eˣ), computed stably; its derivative is σ(x).
    public func softplus() -> Tensor {
        mapElements(self, SoftplusFunction()).recordOperation("softplus", inputs: [self]) { g in
            [zipElements(self, g, SoftplusBackward(), operation: "softplus backward")]
        }
    }
}
