import TensorCore

/// log softmax along `axis`: x − log Σ eˣ, with the maximum subtracted first so no exponential overflows.
public func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor {
    // The shift is a constant (detached): log-softmax does not change when every input moves by the same amount.
    let shifted = x - x.max(axis: axis, keepDims: true).detach()
    return shifted - shifted.exp().sum(axis: axis, keepDims: true).log()
}

/// softmax along `axis`: eˣ / Σ eˣ, computed as exp(logSoftmax) for stability.
public func softmax(_ x: Tensor, axis: Int = -1) -> Tensor { logSoftmax(x, axis: axis).exp() }
