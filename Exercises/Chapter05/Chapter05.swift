/// The exercises of chapter 5 (the Keras-style GAN), one file per exercise: `Chapter05.pytorchMomentum(fromKeras:)`, ….
public enum Chapter05 {
    /// When a model reads its layers' `trainable` flags.
    public enum TrainableRule: Sendable {
        /// Keras 3: the flags as they are at each `train_on_batch`.
        case readAtEveryStep
        /// Keras 2: the flags as they were when `compile` ran.
        case capturedAtCompile
    }

    /// The generator's loss on a batch and its derivative with respect to each of D's logits.
    public struct GeneratorLossAndGradient: Equatable {
        /// mean −log D(G(zᵢ)).
        public var loss: Double
        /// ∂loss/∂ℓᵢ for each logit ℓᵢ, where D(G(zᵢ)) = σ(ℓᵢ).
        public var logitGradient: [Double]

        public init(loss: Double, logitGradient: [Double]) {
            self.loss = loss
            self.logitGradient = logitGradient
        }
    }
}
