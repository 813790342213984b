extension Chapter07 {
    /// Exercise 7.1: the output side of a transposed convolution.
    ///
    /// A transposed convolution with a `kernel`×`kernel` kernel, `stride`, `padding` and `outputPadding`
    /// turns an `inputSide`×`inputSide` map into one of side (H − 1)·s − 2p + k + output_padding, as
    /// `nn.ConvTranspose2d` does. Return that side; throw `InvalidLayerGeometry` when the layer is not
    /// valid in PyTorch: kernel or stride below 1, padding below 0, outputPadding below 0 or not smaller
    /// than the stride, an input side below 1, or a result below 1.
    public static func transposedConvolutionOutputSide(inputSide: Int, kernel: Int, stride: Int, padding: Int,
                                                       outputPadding: Int = 0) throws -> Int {
        throw ExerciseNotDone("Exercise 7.1")
    }
}
