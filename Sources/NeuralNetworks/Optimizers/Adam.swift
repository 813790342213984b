import Foundation
import TensorCore

/// Adam, following `torch.optim.Adam` exactly (weight decay is L2: added to the gradient).
///
/// For each parameter, at its step t = 1, 2, …:
///
///     g ← grad + weightDecay · p
///     m ← m + (1 − β₁) · (g − m)            (exp_avg)
///     v ← β₂ · v + (1 − β₂) · g²            (exp_avg_sq)
///     p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
///
/// `AdamW` is the same class with the decay decoupled from the gradient.
public class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let betas: (Double, Double)
    public let eps: Double
    public let weightDecay: Double
    /// `true` for AdamW: `p ← p · (1 − lr · weightDecay)` before the Adam step, instead of L2 on the gradient.
    public let decouplesWeightDecay: Bool
    private var firstMoments: [Tensor?]
    private var secondMoments: [Tensor?]
    private var steps: [Int]

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0) {
        self.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: false)
    }

    init(_ parameters: [Tensor], lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, decoupled: Bool) {
        require(lr >= 0 && eps >= 0 && weightDecay >= 0, "Adam: lr, eps and weightDecay must be ≥ 0")
        require((0..<1).contains(betas.0) && (0..<1).contains(betas.1), "Adam: betas must lie in [0, 1), got \(betas)")
        self.parameters = parameters
        self.learningRate = lr
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.decouplesWeightDecay = decoupled
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
        steps = Array(repeating: 0, count: parameters.count)
    }

    private var name: String { decouplesWeightDecay ? "AdamW" : "Adam" }

    public func step() {
        Profiler.measure(.optimizer) { updateAll() }
    }

    private func updateAll() {
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            require(grad.count == parameter.count && grad.dtype == parameter.dtype,
                         "\(name): gradient \(grad.shape) (\(grad.dtype)) does not match parameter \(parameter.shape) (\(parameter.dtype))")
            if firstMoments[index] == nil {
                firstMoments[index] = Tensor.zeros(like: parameter)
                secondMoments[index] = Tensor.zeros(like: parameter)
            }
            steps[index] += 1
            switch parameter.dtype {
            case .float32: update(Float.self, parameter, grad, firstMoments[index]!, secondMoments[index]!, step: steps[index])
            case .float64: update(Double.self, parameter, grad, firstMoments[index]!, secondMoments[index]!, step: steps[index])
            }
        }
    }

    /// The fused update of one parameter: one pass over its elements, no allocation.
    /// Scalars are computed in `Double` as PyTorch computes them in Python, then rounded to `T`.
    private func update<T: TensorScalar>(_: T.Type, _ parameter: Tensor, _ gradient: Tensor,
                                         _ exponentialAverage: Tensor, _ exponentialAverageOfSquares: Tensor, step: Int) {
        let lr = learningRate, (beta1, beta2) = betas
        let biasCorrection1 = 1 - pow(beta1, Double(step))
        let biasCorrection2 = 1 - pow(beta2, Double(step))
        let constants = AdamConstants<T>(
            decay: decouplesWeightDecay ? T(1 - lr * weightDecay) : 1,
            l2: decouplesWeightDecay ? 0 : T(weightDecay),
            lerpWeight: T(1 - beta1), beta2: T(beta2), oneMinusBeta2: T(1 - beta2),
            negativeStepSize: T(-(lr / biasCorrection1)), biasCorrection2Root: T(biasCorrection2.squareRoot()), eps: T(eps))
        let p = parameter.pointer(T.self), g = gradient.pointer(T.self)
        let m = exponentialAverage.pointer(T.self), v = exponentialAverageOfSquares.pointer(T.self)
        // torch.lerp switches formula at weight 0.5; choosing outside the loop keeps the loop branch-free.
        let small = constants.lerpWeight < 0.5
        // Every element is updated on its own, so blocks of 32k elements can run on different threads.
        let count = parameter.count, block = 1 << 15
        parallelFor((count + block - 1) / block, cost: block) { b in
            let start = b * block, n = Swift.min(block, count - start)
            let (p, g, m, v) = (p + start, g + start, m + start, v + start)
            var done = 0
            if T.self == Float.self {
                done = adamLoopFloat4(p, g, m, v, count: n, constants, smallLerpWeight: small)
            }
            adamLoop(p + done, g + done, m + done, v + done, count: n - done, constants, smallLerpWeight: small)
        }
    }

    public func exportState() -> [ParameterState?] {
        parameters.indices.map { index in
            guard let m = firstMoments[index], let v = secondMoments[index] else { return nil }
            return ParameterState(step: steps[index], buffers: ["exp_avg": m, "exp_avg_sq": v])
        }
    }

    public func importState(_ state: [ParameterState?]) throws {
        try validateState(state, slots: ["exp_avg", "exp_avg_sq"], parameters: parameters, optimizer: name)
        steps = state.map { $0?.step ?? 0 }
        firstMoments = state.map { $0?.buffers["exp_avg"]?.clone() }
        secondMoments = state.map { $0?.buffers["exp_avg_sq"]?.clone() }
    }
}

/// AdamW, following `torch.optim.AdamW`: decoupled weight decay `p ← p · (1 − lr · weightDecay)`,
/// then the Adam step on the plain gradient. Its default decay is 0.01, as in PyTorch.
public final class AdamW: Adam {
    public init(_ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 1e-2) {
        super.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, decoupled: true)
    }
}

/// The per-step scalars of an Adam update, rounded to the parameter's type.
struct AdamConstants<T: TensorScalar> {
    /// `1 − lr · weightDecay` for AdamW, 1 for Adam (multiplying by 1 is exact).
    var decay: T
    /// The L2 coefficient added to the gradient for Adam, 0 for AdamW (adding 0 · p is exact).
    var l2: T
    var lerpWeight: T, beta2: T, oneMinusBeta2: T, negativeStepSize: T, biasCorrection2Root: T, eps: T
}

/// One pass of Adam over `count` elements, in the operation order of PyTorch's CPU kernels
/// (`mul_`, `add`, `lerp_`, `mul_` + `addcmul_`, `sqrt` / `div` / `add_`, `addcdiv_`).
@inline(__always)
private func adamLoop<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ g: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>,
                                       _ v: UnsafeMutablePointer<T>, count: Int, _ c: AdamConstants<T>, smallLerpWeight: Bool) {
    let oneMinusLerpWeight = 1 - c.lerpWeight
    for i in 0..<count {
        let pi = p[i] * c.decay
        let gi = g[i] + c.l2 * pi
        let mi = smallLerpWeight ? m[i] + c.lerpWeight * (gi - m[i]) : gi - (gi - m[i]) * oneMinusLerpWeight
        let vi = v[i] * c.beta2 + c.oneMinusBeta2 * gi * gi
        m[i] = mi
        v[i] = vi
        p[i] = pi + c.negativeStepSize * mi / (vi.squareRoot() / c.biasCorrection2Root + c.eps)
    }
}

/// The Float loop, four elements at a time with SIMD4; returns how many elements it handled (a multiple of 4).
/// Same operations in the same order as `adamLoop`, so the results are bit-identical, only faster.
private func adamLoopFloat4<T: TensorScalar>(_ p: UnsafeMutablePointer<T>, _ g: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>,
                                             _ v: UnsafeMutablePointer<T>, count: Int, _ constants: AdamConstants<T>,
                                             smallLerpWeight: Bool) -> Int {
    typealias V = SIMD4<Float>
    func splat(_ x: T) -> V { V(repeating: Float(x)) }
    let (decay, l2, w, beta2, oneMinusBeta2) = (splat(constants.decay), splat(constants.l2), splat(constants.lerpWeight),
                                                splat(constants.beta2), splat(constants.oneMinusBeta2))
    let (negativeStepSize, root, eps) = (splat(constants.negativeStepSize), splat(constants.biasCorrection2Root), splat(constants.eps))
    let oneMinusW = 1 - w
    let (pp, gp, mp, vp) = (UnsafeMutableRawPointer(p), UnsafeMutableRawPointer(g), UnsafeMutableRawPointer(m), UnsafeMutableRawPointer(v))
    var i = 0
    while i + 4 <= count {
        let offset = i * 4
        let pi = pp.loadUnaligned(fromByteOffset: offset, as: V.self) * decay
        let gi = gp.loadUnaligned(fromByteOffset: offset, as: V.self) + l2 * pi
        let m0 = mp.loadUnaligned(fromByteOffset: offset, as: V.self)
        let mi = smallLerpWeight ? m0 + w * (gi - m0) : gi - (gi - m0) * oneMinusW
        let vi = vp.loadUnaligned(fromByteOffset: offset, as: V.self) * beta2 + oneMinusBeta2 * gi * gi
        mp.storeBytes(of: mi, toByteOffset: offset, as: V.self)
        vp.storeBytes(of: vi, toByteOffset: offset, as: V.self)
        pp.storeBytes(of: pi + negativeStepSize * mi / (vectorSquareRoot(vi) / root + eps), toByteOffset: offset, as: V.self)
        i += 4
    }
    return i
}

/// LLVM's square root of four floats: correctly rounded like `Float.squareRoot()`, but one vector instruction.
/// (On Linux `squareRoot()` goes through C's `sqrtf`, whose `errno` path stops LLVM from vectorising a loop that uses it,
/// which made this loop the slowest part of an MLP GAN step.)
@_silgen_name("llvm.sqrt.v4f32")
private func vectorSquareRoot(_ x: SIMD4<Float>) -> SIMD4<Float>
