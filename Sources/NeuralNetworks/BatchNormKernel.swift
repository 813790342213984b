import TensorCore

/// The fused batch-norm forward pass (statistics, normalisation, running-stat update) and its backward pass.
///
/// The input is seen as `[N, C, L]`; every channel's M = N·L values are reduced with `Double` accumulators.
/// Backward, with x̂ = (x − mean)·invstd recomputed rather than stored:
/// training: dx = γ·invstd·(dy − mean(dy) − x̂·mean(dy·x̂)); evaluation: dx = γ·invstd·dy;
/// in both, dγ = Σ dy·x̂ and dβ = Σ dy.
func batchNorm(_ x: Tensor, _ layer: BatchNorm) -> Tensor {
    let batch = x.shape[0], channels = x.shape[1], length = x.count / Swift.max(1, batch * channels)
    let m = batch * length
    let training = layer.isTraining
    require(!training || m > 1, "\(layer): expected more than 1 value per channel when training, got input shape \(x.shape)")
    let meanBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
    let invstdBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: channels)
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
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length
                    for i in 0..<length { sum += Double(p[i]) }
                }
                let mu = sum / Double(m)
                var squares = 0.0
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length
                    for i in 0..<length { let d = Double(p[i]) - mu; squares += d * d }
                }
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
            for n in 0..<batch {
                let p = xp + (n * channels + c) * length, q = yp + (n * channels + c) * length
                for i in 0..<length { q[i] = p[i] * scale + shift }
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
    meanBuffer.deallocate()
    invstdBuffer.deallocate()
    if training { layer.numBatchesTracked.fill(layer.numBatchesTracked.element(atFlat: 0) + 1) }

    let weight = layer.weight
    return out.recordOperation("batchNorm", inputs: [x, layer.weight, layer.bias]) { [mean, invstd] gradOut in
        let gradX = x.requiresGrad ? Tensor(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let gradGamma = Tensor(uninitializedShape: [channels], dtype: x.dtype)
        let gradBeta = Tensor(uninitializedShape: [channels], dtype: x.dtype)
        func backward<T: TensorScalar>(_: T.Type) {
            let xp = x.pointer(T.self), gp = gradOut.pointer(T.self), gamma = weight.pointer(T.self)
            let gradGammaPointer = gradGamma.pointer(T.self), gradBetaPointer = gradBeta.pointer(T.self)
            parallelFor(channels, cost: m) { c in
                let mu = T(mean[c]), inv = T(invstd[c])
                var sumDy = 0.0, sumDyXhat = 0.0
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length, g = gp + (n * channels + c) * length
                    for i in 0..<length {
                        sumDy += Double(g[i])
                        sumDyXhat += Double(g[i] * (p[i] - mu))
                    }
                }
                sumDyXhat *= invstd[c]
                gradGammaPointer[c] = T(sumDyXhat)
                gradBetaPointer[c] = T(sumDy)
                guard let gradX else { return }
                let dx = gradX.pointer(T.self), scale = gamma[c] * inv
                let meanDy = training ? T(sumDy / Double(m)) : 0
                let meanDyXhat = training ? T(sumDyXhat / Double(m)) : 0
                for n in 0..<batch {
                    let p = xp + (n * channels + c) * length, g = gp + (n * channels + c) * length
                    let d = dx + (n * channels + c) * length
                    for i in 0..<length { d[i] = scale * (g[i] - meanDy - (p[i] - mu) * inv * meanDyXhat) }
                }
            }
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
