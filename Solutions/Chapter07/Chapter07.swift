/// The exercises of chapter 7 (DCGAN), one file per exercise: `Chapter07.transposedConvolutionOutputSide(…)`, ….
public enum Chapter07 {
    /// The geometry of one square convolution layer: kernel side, stride and padding.
    public struct ConvLayerGeometry: Equatable, Sendable {
        public var kernel: Int
        public var stride: Int
        public var padding: Int

        public init(kernel: Int, stride: Int, padding: Int) {
            self.kernel = kernel
            self.stride = stride
            self.padding = padding
        }
    }
}

/// A layer geometry that PyTorch would reject (a non-positive kernel or stride, negative padding, an empty output, …).
public struct InvalidLayerGeometry: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
