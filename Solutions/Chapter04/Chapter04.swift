/// The exercises of chapter 4 (the minimax objective), one file per exercise: `Chapter04.optimalDiscriminator(pData:pG:)`, ….
public enum Chapter04 {
    /// The derivatives of the two generator losses with respect to the discriminator's logit ℓ on a fake sample.
    public struct GeneratorLossGradients: Equatable {
        /// d/dℓ of the saturating loss log(1 − σ(ℓ)).
        public var saturating: Double
        /// d/dℓ of the non-saturating loss −log σ(ℓ).
        public var nonSaturating: Double

        public init(saturating: Double, nonSaturating: Double) {
            self.saturating = saturating
            self.nonSaturating = nonSaturating
        }
    }
}
