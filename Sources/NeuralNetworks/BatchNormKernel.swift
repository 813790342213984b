import TensorCore

/// The fused batch-norm forward pass (statistics, normalisation, running-stat update) and its backward pass.
///
/// The input is seen as `[N, C, L]`; every channel's M = N·L values are reduced with `Double` accumulators.
/// Backward, with x̂ = (x − mean)·invstd recomputed rather than stored:
/// training: dx = γ·invstd·(dy − mean(dy) − x̂·mean(dy·x̂)); evaluation: dx = γ·invstd·dy;
/// in both, dγ = Σ dy·x̂ and dβ = Σ dy.
///
/// With `leakyReLUSlope` (0 for ReLU), the activation after the normalisation runs in the same pass: the result is
/// `y > 0 ? y : slope · y` of every normalised `y`, and backward turns the incoming gradient into dy with the
/// activation's rule, `y > 0 ? g : slope · g`, from `y` computed again. The numbers are the ones the two layers give
/// one after the other, bit for bit; the normalised tensor and its gradient are never written out.
func batchNorm(_ x: Tensor, _ layer: BatchNorm, leakyReLUSlope: Double? = nil) -> Tensor {
    let batch = x.shape[0], channels = x.shape[1], length = x.count / Swift.max(1, batch * channels)
    let m = batch * length
    let training = layer.isTraining
    require(!training || m > 1, "\(layer): expected more than 1 value per channel when training, got input shape \(x.shape)")
    let meanBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
    let invstdBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
    // Every channel's y = x · scale + shift, kept for the backward pass to compute y again with the same numbers.
    let scaleBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
    let shiftBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
    let out = Tensor(uninitializedShape: x.shape, dtype: x.dtype)

    func forward<T: TensorScalar>(_: T.Type) {
        let xp = x.pointer(T.self), yp = out.pointer(T.self)
        let gamma = layer.weight.pointer(T.self), beta = layer.bias.pointer(T.self)
        let runningMean = layer.runningMean.pointer(T.self), runningVar = layer.runningVar.pointer(T.self)
        let eps = layer.eps, momentum = layer.momentum
        let varianceDivisor = Double(layer.unbiasedRunningVariance ? m - 1 : m)
        // Channels are independent, so they are shared out between threads.
        let mean = meanBuffer.baseAddress!, invstd = invstdBuffer.baseAddress!
        parallelFor(channels, cost: m) { c in
            if training {
                var sum = 0.0
                for n in 0..<batch { sum += sumOfElements(xp + (n * channels + c) * length, count: length) }
                let mu = sum / Double(m)
                var squares = 0.0
                for n in 0..<batch { squares += sumOfSquares(xp + (n * channels + c) * length, count: length, minus: mu) }
                let variance = squares / Double(m)
                mean[c] = mu
                invstd[c] = 1 / (variance + eps).squareRoot()
                runningMean[c] = T((1 - momentum) * Double(runningMean[c]) + momentum * mu)
                runningVar[c] = T((1 - momentum) * Double(runningVar[c]) + momentum * squares / varianceDivisor)
            } else {
                mean[c] = Double(runningMean[c])
                invstd[c] = 1 / (Double(runningVar[c]) + eps).squareRoot()
            }
            let scale = T(invstd[c]) * gamma[c], shift = beta[c] - T(mean[c]) * scale
            scaleBuffer[c] = Double(scale)
            shiftBuffer[c] = Double(shift)
            for n in 0..<batch {
                let p = xp + (n * channels + c) * length, q = yp + (n * channels + c) * length
                if let leakyReLUSlope {
                    let slope = T(leakyReLUSlope)
                    for i in 0..<length { let y = p[i] * scale + shift; q[i] = y > 0 ? y : slope * y }
                } else {
                    for i in 0..<length { q[i] = p[i] * scale + shift }
                }
            }
        }
    }
    Profiler.measure(.batchNorm) {
        switch x.dtype {
        case .float32: forward(Float.self)
        case .float64: forward(Double.self)
        }
    }
    let (mean, invstd) = (Array(meanBuffer), Array(invstdBuffer))
    let (scales, shifts) = (Array(scaleBuffer), Array(shiftBuffer))
    for buffer in [meanBuffer, invstdBuffer, scaleBuffer, shiftBuffer] { buffer.deallocate() }
    if training { layer.numBatchesTracked.fill(layer.numBatchesTracked.element(atFlat: 0) + 1) }

    let weight = layer.weight
    let name = leakyReLUSlope == nil ? "batchNorm" : leakyReLUSlope == 0 ? "batchNorm+relu" : "batchNorm+leakyReLU"
    return out.recordOperation(name, inputs: [x, layer.weight, layer.bias]) { [mean, invstd, scales, shifts] gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradGamma = Tensor(uninitializedShape: [channels], dtype: x.dtype)
        let gradBeta = Tensor(uninitializedShape: [channels], dtype: x.dtype)
        func backward<T: TensorScalar>(_: T.Type) {
            let xp = x.pointer(T.self), gp = gradOut.pointer(T.self), gamma = weight.pointer(T.self)
            let gradGammaPointer = gradGamma.pointer(T.self), gradBetaPointer = gradBeta.pointer(T.self)
            // Fused with an activation, each channel's dy (M numbers) is computed once into `activationGradients`.
            parallelFor(channels, cost: m) { c in
                withUnsafeTemporaryAllocation(of: T.self, capacity: leakyReLUSlope == nil ? 0 : m) { activationGradients in
                let mu = T(mean[c]), inv = T(invstd[c])
                /// dy of sample `n`'s values of this channel: the incoming gradient itself, or the activation's gradient.
                func gradient(_ n: Int) -> UnsafePointer<T> {
                    leakyReLUSlope == nil ? UnsafePointer(gp + (n * channels + c) * length)
                                          : UnsafePointer(activationGradients.baseAddress! + n * length)
                }
                if let leakyReLUSlope {
                    let scale = T(scales[c]), shift = T(shifts[c]), slope = T(leakyReLUSlope)
                    for n in 0..<batch {
                        let p = xp + (n * channels + c) * length, g = gp + (n * channels + c) * length
                        let dy = activationGradients.baseAddress! + n * length
                        for i in 0..<length { dy[i] = p[i] * scale + shift > 0 ? g[i] : slope * g[i] }
                    }
                }
                var sumDy = 0.0, sumDyXhat = 0.0
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length, g = gradient(n)
                    sumDy += sumOfElements(g, count: length)
                    sumDyXhat += sumOfProducts(g, p, count: length, minus: mu)
                }
                sumDyXhat *= invstd[c]
                gradGammaPointer[c] = T(sumDyXhat)
                gradBetaPointer[c] = T(sumDy)
                guard let gradX else { return }
                let dx = gradX.pointer(T.self), gammaScale = gamma[c] * inv
                let meanDy = training ? T(sumDy / Double(m)) : 0
                let meanDyXhat = training ? T(sumDyXhat / Double(m)) : 0
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length, g = gradient(n)
                    let d = dx + (n * channels + c) * length
                    for i in 0..<length { d[i] = gammaScale * (g[i] - meanDy - (p[i] - mu) * inv * meanDyXhat) }
                }
            } }
        }
        Profiler.measure(.batchNorm) {
            switch x.dtype {
            case .float32: backward(Float.self)
            case .float64: backward(Double.self)
            }
        }
        return [gradX, gradGamma, gradBeta]
    }
}

// The sums below run four accumulators side by side and add them at the end: one accumulator would make every
// addition wait for the one before (a few cycles each), and these sums are most of BatchNorm's time.

/// `Σ Double(p[i])`.
@inline(__always)
private func sumOfElements<T: TensorScalar>(_ p: UnsafePointer<T>, count: Int) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var i = 0
    while i + 4 <= count {
        s0 += Double(p[i]); s1 += Double(p[i + 1]); s2 += Double(p[i + 2]); s3 += Double(p[i + 3])
        i += 4
    }
    while i < count { s0 += Double(p[i]); i += 1 }
    return (s0 + s1) + (s2 + s3)
}

/// `Σ (Double(p[i]) − mean)²`.
@inline(__always)
private func sumOfSquares<T: TensorScalar>(_ p: UnsafePointer<T>, count: Int, minus mean: Double) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var i = 0
    while i + 4 <= count {
        let (d0, d1, d2, d3) = (Double(p[i]) - mean, Double(p[i + 1]) - mean, Double(p[i + 2]) - mean, Double(p[i + 3]) - mean)
        s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
        i += 4
    }
    while i < count { let d = Double(p[i]) - mean; s0 += d * d; i += 1 }
    return (s0 + s1) + (s2 + s3)
}

/// `Σ Double(g[i] · (p[i] − mean))`, the product taken in `T`.
@inline(__always)
private func sumOfProducts<T: TensorScalar>(_ g: UnsafePointer<T>, _ p: UnsafePointer<T>, count: Int, minus mean: T) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var i = 0
    while i + 4 <= count {
        s0 += Double(g[i] * (p[i] - mean)); s1 += Double(g[i + 1] * (p[i + 1] - mean))
        s2 += Double(g[i + 2] * (p[i + 2] - mean)); s3 += Double(g[i + 3] * (p[i + 3] - mean))
        i += 4
    }
    while i < count { s0 += Double(g[i] * (p[i] - mean)); i += 1 }
    return (s0 + s1) + (s2 + s3)
}
