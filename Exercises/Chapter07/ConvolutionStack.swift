extension Chapter07 {
    /// Exercise 7.4: what each layer of a discriminator's convolution stack sees.
    ///
    /// For a square input of side `inputSide` passed through `layers` (ordinary convolutions, in order),
    /// return one entry per layer: the side of its output, (H + 2p − k) / s + 1 (rounded down, as
    /// `nn.Conv2d` does), and its **receptive field**, the side of the square of input pixels that one of
    /// its output pixels depends on (padding included). The receptive field grows by (k − 1)·j at each
    /// layer, where j, the distance in input pixels between two neighbouring positions of the layer's
    /// input, starts at 1 and is multiplied by each layer's stride. Throw `InvalidLayerGeometry` when a
    /// layer would get an input smaller than its kernel (after padding) or has a kernel or stride below 1.
    public static func convolutionStack(inputSide: Int, layers: [ConvLayerGeometry]) throws -> [(side: Int, receptiveField: Int)] {
        throw ExerciseNotDone("Exercise 7.4")
    }
}
