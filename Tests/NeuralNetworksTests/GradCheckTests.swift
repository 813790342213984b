import NeuralNetworks
import TensorCore
import Testing

/// Compares a layer's gradients (input and every parameter) with central finite differences in float64,
/// for L = Σ wᵢ · layer(x)ᵢ with fixed random w. Returns the largest relative error |a − n| / (|a| + |n|).
func layerGradCheck(_ layer: any Module, input: Tensor, epsilon: Double = 1e-6) -> Double {
    var generator = SeededGenerator(seed: 99)
    let x = input.requiringGrad()
    let y = layer(x)
    let w = Tensor.randn(y.shape, dtype: .float64, using: &generator)
    layer.zeroGrad()
    (y * w).sum().backward()
    func loss() -> Double { withNoGrad { (layer(x) * w).sum().element(at: []) } }
    var worst = 0.0
    for tensor in [x] + layer.parameters() {
        let analytic = tensor.grad?.doubles ?? [Double](repeating: 0, count: tensor.count)
        for i in 0..<tensor.count {
            let original = tensor.element(atFlat: i)
            tensor.setElement(atFlat: i, original + epsilon)
            let plus = loss()
            tensor.setElement(atFlat: i, original - epsilon)
            let minus = loss()
            tensor.setElement(atFlat: i, original)
            let numeric = (plus - minus) / (2 * epsilon)
            worst = Swift.max(worst, Swift.abs(analytic[i] - numeric) / Swift.max(1e-8, Swift.abs(analytic[i]) + Swift.abs(numeric)))
        }
    }
    return worst
}

/// Every layer and loss passes a float64 gradient check at 1e-6 (CS231n: "happy" is < 1e-7 for smooth
/// functions). ReLU, LeakyReLU and max-pool have kinks; random inputs lie far from them (a kink within
/// ε = 1e-6 of any of these few hundred uniform samples has probability ~1e-4), so they are held to 1e-6 too.
@Suite struct GradCheckTests {
    static func input(_ shape: [Int], seed: UInt64 = 5) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.uniform(shape, low: -2, high: 2, dtype: .float64, using: &g)
    }

    static func layers() -> [(String, any Module, [Int])] {
        var g = SeededGenerator(seed: 3)
        let batchNormTrain = BatchNorm2d(3, dtype: .float64)
        let batchNormEval = BatchNorm1d(4, dtype: .float64)
        batchNormEval.eval()
        return [
            ("Linear", Linear(5, 3, dtype: .float64, using: &g), [4, 5]),
            ("Conv2d k3 s1 p1", Conv2d(2, 3, kernelSize: 3, padding: 1, dtype: .float64, using: &g), [2, 2, 4, 4]),
            ("Conv2d k4 s2 p1", Conv2d(2, 2, kernelSize: 4, stride: 2, padding: 1, dtype: .float64, using: &g), [2, 2, 6, 6]),
            ("ConvTranspose2d k4 s2 p1", ConvTranspose2d(2, 3, kernelSize: 4, stride: 2, padding: 1, dtype: .float64, using: &g), [2, 2, 3, 3]),
            ("ConvTranspose2d k3 s2 p1 op1", ConvTranspose2d(2, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1,
                                                              dtype: .float64, using: &g), [2, 2, 3, 3]),
            ("ConvTranspose2d k4 s1 p0", ConvTranspose2d(3, 2, kernelSize: 4, dtype: .float64, using: &g), [2, 3, 1, 1]),
            ("Conv2d k4 s2 p1, 9 channels (channels-last)", Conv2d(9, 2, kernelSize: 4, stride: 2, padding: 1, dtype: .float64,
                                                                    using: &g), [2, 9, 6, 6]),
            ("ConvTranspose2d k4 s2 p1, to 9 channels (channels-last)", ConvTranspose2d(2, 9, kernelSize: 4, stride: 2, padding: 1,
                                                                                         dtype: .float64, using: &g), [2, 2, 3, 3]),
            ("Conv2d k3 s3 p2", Conv2d(2, 2, kernelSize: 3, stride: 3, padding: 2, dtype: .float64, using: &g), [1, 2, 7, 8]),
            ("ConvTranspose2d k3 s3 p1 op2", ConvTranspose2d(2, 2, kernelSize: 3, stride: 3, padding: 1, outputPadding: 2,
                                                              dtype: .float64, using: &g), [1, 2, 2, 3]),
            ("BatchNorm2d train", batchNormTrain, [3, 3, 2, 2]),
            ("BatchNorm1d eval", batchNormEval, [5, 4]),
            ("MaxPool2d k2", MaxPool2d(2), [2, 2, 4, 4]),
            ("MaxPool2d k3 s2", MaxPool2d(3, stride: 2), [1, 2, 7, 7]),
            ("ReLU", ReLU(), [3, 5]),
            ("LeakyReLU", LeakyReLU(0.2), [3, 5]),
            ("Tanh", Tanh(), [3, 5]),
            ("Sigmoid", Sigmoid(), [3, 5]),
            ("Flatten", Flatten(), [2, 3, 2, 2]),
            ("Reshape", Reshape([3, 4]), [2, 12]),
        ]
    }

    /// Linear, Conv2d and ConvTranspose2d are linear in each input, so central differences have no
    /// truncation error and a large ε only shrinks rounding error (at ε = 1e-6 a small gradient entry of
    /// Conv2d k4 s2 p1 reads 3.7e-6 from rounding alone; at 1e-3, 3e-10). The others use ε = 1e-6.
    static func epsilon(for name: String) -> Double {
        name.hasPrefix("Linear") || name.hasPrefix("Conv") ? 1e-3 : 1e-6
    }

    @Test(arguments: 0..<16)
    func layer(_ index: Int) {
        let (name, layer, shape) = Self.layers()[index]
        let error = layerGradCheck(layer, input: Self.input(shape), epsilon: Self.epsilon(for: name))
        #expect(error < 1e-6, "\(name): max relative error \(error)")
    }

    @Test func losses() {
        var g = SeededGenerator(seed: 8)
        let probabilities = Tensor.uniform([6], low: 0.05, high: 0.95, dtype: .float64, using: &g)
        let targets = Tensor.uniform([6], low: 0, high: 1, dtype: .float64, using: &g)
        let logits = Tensor.uniform([6], low: -4, high: 4, dtype: .float64, using: &g)
        let classLogits = Tensor.uniform([3, 4], low: -3, high: 3, dtype: .float64, using: &g)
        let checks: [(String, GradCheckReport)] = [
            ("BCELoss", gradcheck([probabilities, targets]) { BCELoss()($0[0], $0[1]) }),
            ("BCEWithLogitsLoss", gradcheck([logits, targets]) { BCEWithLogitsLoss()($0[0], $0[1]) }),
            ("MSELoss", gradcheck([logits, targets]) { MSELoss()($0[0], $0[1]) }),
            ("CrossEntropyLoss", gradcheck([classLogits]) { CrossEntropyLoss()($0[0], [1, 3, 0]) }),
            ("logSoftmax", gradcheck([classLogits]) { logSoftmax($0[0], axis: 1) }),
            ("softmax", gradcheck([classLogits]) { softmax($0[0], axis: 0) }),
        ]
        for (name, report) in checks { #expect(report.passed(tolerance: 1e-6), "\(name): \(report)") }
    }

    @Test func softmaxIsStableAndNormalised() {
        let x = Tensor([[1000, 1001, 1002], [-1000, 0, 1000]])
        let p = softmax(x)
        #expect(p.scalars.allSatisfy { $0.isFinite })
        #expect(Swift.abs(p.sum(axis: 1).scalars[0] - 1) < 1e-6)
        #expect(Swift.abs(logSoftmax(x)[0, 2] - (-0.40760596)) < 1e-5)   // log(e² / (1 + e + e²))
    }
}
