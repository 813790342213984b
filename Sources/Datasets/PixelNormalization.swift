/// How 8-bit pixels become the floats a network sees.
///
/// A GAN whose generator ends in `tanh` can only produce values in [-1, 1], so the real images
/// must live there too: `.minusOneToOne` (`x / 127.5 - 1`) is the right choice.
///
/// Tutorial pitfall: the classifier habit `Normalize((0.1307,), (0.3081,))` (MNIST's mean and
/// standard deviation) maps black to -0.42 and white to 2.82. A `tanh` generator can never reach
/// 2.82, so the discriminator tells real from fake by brightness alone. `.standardized` exists so
/// a chapter can show this; do not train a tanh GAN with it.
public enum PixelNormalization: Sendable, Equatable {
    /// `x / 127.5 - 1`: black -1, white 1. Matches a `tanh` output.
    case minusOneToOne
    /// `x / 255`: black 0, white 1. Matches a `sigmoid` output.
    case zeroToOne
    /// `(x / 255 - mean) / std`, the classifier convention (see the pitfall above).
    case standardized(mean: Float, std: Float)

    /// The float that pixel value `pixel` becomes.
    public func value(of pixel: UInt8) -> Float {
        let unit = Float(pixel) / 255
        switch self {
        case .minusOneToOne: return Float(pixel) / 127.5 - 1
        case .zeroToOne: return unit
        case .standardized(let mean, let std): return (unit - mean) / std
        }
    }

    /// The values of black (0) and white (255).
    public var range: ClosedRange<Float> { value(of: 0)...value(of: 255) }

    /// MNIST's classifier normalisation, `(0.1307, 0.3081)`: values in about [-0.42, 2.82].
    public static let mnistMeanStd = PixelNormalization.standardized(mean: 0.1307, std: 0.3081)
}
