import NeuralNetworks
import TensorCore
import Testing

/// `Sequential` runs a BatchNorm and the ReLU or LeakyReLU after it as one pass. These tests check that the pair gives
/// exactly what the two layers give when called one after the other: the output, the input's gradient and the
/// BatchNorm's weight and bias gradients, bit for bit, in training and in evaluation mode.
@Suite("Sequential: BatchNorm followed by ReLU or LeakyReLU, fused, gives the unfused numbers bit for bit")
struct FusedBatchNormActivationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let shape: [Int]
        let slope: Double?  // nil: ReLU
        let training: Bool
        var testDescription: String {
            "\(shape) \(slope.map { "LeakyReLU(\($0))" } ?? "ReLU") \(training ? "training" : "evaluation")"
        }
    }

    static let cases: [Case] = [[6, 5, 3, 4], [7, 9]].flatMap { shape in
        [nil, 0.2, 0.0].flatMap { slope in [true, false].map { Case(shape: shape, slope: slope, training: $0) } }
    }

    /// Output and gradients of `[norm, activation]`, either through `Sequential` or layer by layer.
    func run(_ c: Case, fused: Bool) -> (output: [Float], input: [Float], weight: [Float], bias: [Float], operation: String?) {
        var g = SeededGenerator(seed: 7)
        let norm: BatchNorm = c.shape.count == 4 ? BatchNorm2d(c.shape[1]) : BatchNorm1d(c.shape[1])
        // Scale and shift away from 1 and 0, and running statistics away from their start, so every term counts.
        norm.weight.copy(from: Tensor.randn([c.shape[1]], using: &g) + 1)
        norm.bias.copy(from: Tensor.randn([c.shape[1]], using: &g) * 0.5)
        norm.runningMean.copy(from: Tensor.randn([c.shape[1]], using: &g) * 0.3)
        norm.runningVar.copy(from: Tensor.uniform([c.shape[1]], low: 0.5, high: 2, using: &g))
        norm.isTraining = c.training
        let activation: any Module = c.slope.map { LeakyReLU($0) } ?? ReLU()
        let x = Tensor.randn(c.shape, using: &g).requiringGrad()
        let upstream = Tensor.randn(c.shape, using: &g)
        let y = fused ? Sequential([norm, activation])(x) : activation(norm(x))
        (y * upstream).sum().backward()
        return (y.scalars, x.grad!.scalars, norm.weight.grad!.scalars, norm.bias.grad!.scalars, y.operationName)
    }

    @Test(arguments: cases)
    func sameNumbersAsTheTwoLayers(_ c: Case) {
        let fused = run(c, fused: true), separate = run(c, fused: false)
        // The pair really ran as one operation (else the comparison below would compare the unfused path with itself).
        // (A LeakyReLU of slope 0 is a ReLU, and the fused operation is named so.)
        #expect(fused.operation == (c.slope ?? 0 == 0 ? "batchNorm+relu" : "batchNorm+leakyReLU"))
        #expect(separate.operation == (c.slope == nil ? "relu" : "leakyReLU"))
        #expect(fused.output.map(\.bitPattern) == separate.output.map(\.bitPattern))
        #expect(fused.input.map(\.bitPattern) == separate.input.map(\.bitPattern))
        #expect(fused.weight.map(\.bitPattern) == separate.weight.map(\.bitPattern))
        #expect(fused.bias.map(\.bitPattern) == separate.bias.map(\.bitPattern))
        // The activation did something: some outputs are negative-side (zero or scaled), some are passed through.
        #expect(fused.output.contains { $0 > 0 } && fused.output.contains { $0 <= 0 })
    }

    @Test("an input with the wrong channel count stops the fused pair with BatchNorm's own message")
    func wrongChannelsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Sequential([BatchNorm2d(4), ReLU()])(Tensor.zeros([2, 3, 5, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("BatchNorm2d(4)") && message.contains("[2, 3, 5, 5]") && message.contains("4 channels"), "\(message)")
    }

    @Test("a LeakyReLU with a negative slope is not fused, and still computed as written")
    func negativeSlopeRunsLayerByLayer() {
        var g = SeededGenerator(seed: 3)
        let x = Tensor.randn([8, 4], using: &g)
        let norm = BatchNorm1d(4), activation = LeakyReLU(-0.5)
        let output = Sequential([norm, activation])(x), through = output.scalars
        let separate = activation(norm(x)).scalars
        #expect(output.operationName == "leakyReLU")
        #expect(through.map(\.bitPattern) == separate.map(\.bitPattern))
        #expect(through.allSatisfy { $0 >= 0 })  // x > 0 → x, x ≤ 0 → −0.5 · x ≥ 0
    }
}
