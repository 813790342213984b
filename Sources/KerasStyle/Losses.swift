import NeuralNetworks
import TensorCore

/// A loss for `compile(optimizer:loss:metrics:)`, Keras's `loss=` argument.
public enum Loss: String, Sendable {
    /// Keras's `binary_crossentropy` on probabilities: the prediction is first **clipped to [1e-7, 1 − 1e-7]**
    /// (Keras's `epsilon()`), then −[y·log p + (1 − y)·log(1 − p)] is averaged. PyTorch's `BCELoss` clamps
    /// each log at −100 instead. Clipping caps the loss at −log(1e-7) ≈ 16.1 and, as in Keras, passes no
    /// gradient to a prediction outside the clip range.
    case binaryCrossentropy = "binary_crossentropy"
    /// Keras's `mean_squared_error`.
    case meanSquaredError = "mean_squared_error"

    /// The loss of `prediction` against `target` (same shape), as one differentiable scalar.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        switch self {
        case .binaryCrossentropy:
            BCELoss()(clippedProbability(prediction), target)
        case .meanSquaredError:
            MSELoss()(prediction, target)
        }
    }

    /// Keras's fuzz factor `keras.config.epsilon()`.
    public static let epsilon = 1e-7
}

/// `p` clipped to [ε, 1 − ε] as Keras's torch backend clips it (`torch.clip`): the gradient passes only where p lies
/// strictly inside the range, compared in p's own precision, so a sigmoid saturated at the float32 value
/// 1 − 1.19e-7 (the bound itself) gets no gradient either.
func clippedProbability(_ p: Tensor) -> Tensor {
    let (low, high) = p.dtype == .float32 ? (Double(Float(Loss.epsilon)), Double(Float(1 - Loss.epsilon))) : (Loss.epsilon, 1 - Loss.epsilon)
    let inside = p.doubles.map { $0 > low && $0 < high ? 1.0 : 0.0 }
    let mask = Tensor(doubles: inside, shape: p.shape).to(p.dtype)
    let clipped = p.detach().clamp(min: Loss.epsilon, max: 1 - Loss.epsilon)
    return clipped.recordOperation("kerasClip", inputs: [p]) { g in [g * mask] }
}

/// A metric for `compile(optimizer:loss:metrics:)`, reported after the loss by `trainOnBatch` and `evaluate`.
public enum Metric: String, Sendable {
    /// Keras's `"accuracy"`, which with a binary cross-entropy loss means binary accuracy.
    case accuracy
    /// The share of predictions that, thresholded at 0.5, *equal* the target. With a smoothed target such as 0.9
    /// no thresholded prediction (0 or 1) ever equals it, so the accuracy on those rows is 0, as in Keras.
    case binaryAccuracy = "binary_accuracy"

    /// The metric of `prediction` against `target` (same shape).
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> Double {
        let predicted = prediction.doubles.map { $0 > 0.5 ? 1.0 : 0.0 }
        let hits = zip(predicted, target.doubles).filter { $0 == Double(Float($1)) }.count
        return Double(hits) / Double(max(1, predicted.count))
    }
}
