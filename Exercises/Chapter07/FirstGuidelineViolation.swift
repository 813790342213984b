import NeuralNetworks

extension Chapter07 {
    /// Exercise 7.5: spot the layer of a discriminator that breaks a DCGAN guideline.
    ///
    /// `discriminator`'s layers are applied in order. Return the index of the first layer that breaks one of
    /// these guidelines, or nil when none does:
    /// - D downsamples with strided convolutions: a `MaxPool2d` or a `ConvTranspose2d` (which upsamples) breaks it;
    /// - no BatchNorm on D's input layer: a `BatchNorm` right after the first convolution breaks it;
    /// - LeakyReLU(0.2) inside D: a `ReLU`, a `Tanh`, or a `LeakyReLU` whose slope is not 0.2 breaks it.
    /// The `Sigmoid` at the end, `Flatten`, `Linear`, `Dropout` and the other layers break nothing.
    public static func firstGuidelineViolation(in discriminator: Sequential) throws -> Int? {
        throw ExerciseNotDone("Exercise 7.5")
    }
}
