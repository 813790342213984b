import TensorCore

/// How a Keras layer draws a weight when it is built (`keras.initializers`).
///
/// Keras's Dense default is `glorotUniform` for the kernel and `zeros` for the bias, where PyTorch's `nn.Linear`
/// draws both from U(±1/√fanIn): a layer ported between the two starts from a different distribution.
public enum Initializer: Sendable {
    /// U(±√(6 / (fanIn + fanOut))), Keras's `GlorotUniform`.
    case glorotUniform(seed: UInt64? = nil)
    /// N(mean, stddev²), Keras's `RandomNormal` (Keras's own defaults: mean 0, stddev 0.05).
    case randomNormal(mean: Double = 0, stddev: Double = 0.05, seed: UInt64? = nil)
    case zeros
    case ones

    /// Keras's default kernel initialiser.
    public static let glorot = Initializer.glorotUniform()

    /// A tensor of `shape` (Keras's layout: a kernel is `[fanIn, fanOut]`) drawn from this distribution.
    func draw(_ shape: [Int]) -> Tensor {
        switch self {
        case .zeros: return Tensor.zeros(shape)
        case .ones: return Tensor.ones(shape)
        case .glorotUniform(let seed):
            var generator = seed.map { SeededGenerator(seed: $0) } ?? Session.splitGenerator()
            let (fanIn, fanOut) = kerasFans(shape)
            let limit = (6 / Double(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -limit, high: limit, using: &generator)
        case .randomNormal(let mean, let stddev, let seed):
            var generator = seed.map { SeededGenerator(seed: $0) } ?? Session.splitGenerator()
            return Tensor.normal(shape, mean: mean, std: stddev, using: &generator)
        }
    }

    var description: String {
        switch self {
        case .glorotUniform: "GlorotUniform"
        case .randomNormal(let mean, let stddev, _): "RandomNormal(mean \(mean), stddev \(stddev))"
        case .zeros: "Zeros"
        case .ones: "Ones"
        }
    }
}

/// Keras's fans: a `[in, out]` kernel has fan-in `in` and fan-out `out`; a vector has both equal to its length.
func kerasFans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    default:
        let receptive = shape.dropLast(2).reduce(1, *)
        return (shape[shape.count - 2] * receptive, shape[shape.count - 1] * receptive)
    }
}
