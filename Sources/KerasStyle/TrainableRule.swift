/// When a model reads the `trainable` flags of its layers: the rule differs between Keras versions, and
/// tutorials written for one silently change meaning under the other.
public enum TrainableRule: String, Sendable {
    /// Keras 3 (and tf.keras in eager mode): every `trainOnBatch` updates the weights that are trainable *at that
    /// moment*. Setting `discriminator.trainable = false` after compiling the discriminator therefore stops
    /// `discriminator.trainOnBatch` too, unless the loop sets it back to true first.
    case readAtEveryStep = "Keras 3: read at every step"
    /// Keras 2 (standalone, graph mode): `compile` collects the trainable weights once; later changes to the flags
    /// do not count until the model is compiled again (each train step then warns about the discrepancy).
    case capturedAtCompile = "Keras 2: captured at compile"
}
