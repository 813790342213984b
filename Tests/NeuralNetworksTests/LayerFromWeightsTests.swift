import Testing
import NeuralNetworks
import TensorCore

@Suite("Layers built from given weights, without drawing random ones")
struct LayerFromWeightsTests {
    @Test("Linear(weight:bias:) computes x Wᵀ + b with exactly the given tensors, and trains them")
    func linear() {
        let weight = Tensor([[1, 2, 3], [4, 5, 6]]), bias = Tensor([10, 20])
        let layer = Linear(weight: weight, bias: bias)
        #expect(layer.inFeatures == 3 && layer.outFeatures == 2)
        let y = layer(Tensor([[1, 0, -1]]))
        let expected: [Float] = [1 - 3 + 10, 4 - 6 + 20]
        #expect(y.scalars == expected)
        y.sum().backward()
        let gradW: [Float] = [1, 0, -1, 1, 0, -1], gradB: [Float] = [1, 1]
        #expect(layer.weight.grad?.scalars == gradW)
        #expect(layer.bias?.grad?.scalars == gradB)
        // The layer shares the given storage, as nn.Parameter(tensor) does.
        weight.copy(from: Tensor.zeros([2, 3]))
        let biasOnly: [Float] = [10, 20]
        #expect(layer(Tensor([[1, 0, -1]])).scalars == biasOnly)
        #expect(Linear(weight: weight, bias: nil).parameterCount == 6)
    }

    @Test("Conv2d and ConvTranspose2d from weights equal randomly built layers that copied the same weights")
    func convolutions() {
        var g = SeededGenerator(seed: 3)
        let x = Tensor.randn([2, 3, 8, 8], using: &g)
        let random = Conv2d(3, 4, kernelSize: 3, stride: 2, padding: 1, using: &g)
        let given = Conv2d(weight: random.weight.detach(), bias: random.bias!.detach(), stride: 2, padding: 1)
        #expect(given.description == random.description)
        #expect(given(x).scalars == random(x).scalars)

        let up = ConvTranspose2d(4, 2, kernelSize: 4, stride: 2, padding: 1, outputPadding: 1, bias: false, using: &g)
        let givenUp = ConvTranspose2d(weight: up.weight.detach(), bias: nil, stride: 2, padding: 1, outputPadding: 1)
        let h = random(x)
        #expect(givenUp.description == up.description)
        #expect(givenUp(h).shape == [2, 2, 9, 9])
        #expect(givenUp(h).scalars == up(h).scalars)
    }

    @Test("a bias that does not fit the weight stops with both shapes named")
    func wrongBias() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linear(weight: Tensor.zeros([2, 3]), bias: Tensor.zeros([3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("[2]") && message.contains("[3]") && message.contains("[2, 3]"), "\(message)")
    }

    @Test("a Conv2d weight that is not [out, in, k, k] stops")
    func wrongConvWeight() async {
        await #expect(processExitsWith: .failure) {
            _ = Conv2d(weight: Tensor.zeros([4, 3, 3]), bias: nil)
        }
    }
}

@Suite("Convolutions whose one patch covers the whole image (run as plain matrix products)")
struct WholeImageConvolutionTests {
    @Test("ConvTranspose2d from a 1×1 input to k×k agrees with the textbook loops, with and without bias, stride 1 and 2")
    func transposedFromOnePixel() {
        var g = SeededGenerator(seed: 11)
        for (stride, bias) in [(1, true), (2, false)] {
            let layer = ConvTranspose2d(5, 3, kernelSize: 4, stride: stride, padding: 0, bias: bias, dtype: .float64, using: &g)
            let x = Tensor.randn([2, 5, 1, 1], dtype: .float64, using: &g)
            let expected = ConvolutionReferenceTests.directConvTranspose2d(x, layer.weight, layer.bias, stride: stride, padding: 0,
                                                                             outputPadding: 0)
            let y = layer(x)
            #expect(y.shape == [2, 3, 4, 4])
            let worst = zip(y.doubles, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-12)
        }
    }

    @Test("their gradients (input, weight, bias) agree with finite differences")
    func gradients() {
        var g = SeededGenerator(seed: 12)
        let down = Conv2d(3, 2, kernelSize: 4, stride: 1, padding: 0, dtype: .float64, using: &g)
        let up = ConvTranspose2d(3, 2, kernelSize: 4, stride: 1, padding: 0, dtype: .float64, using: &g)
        let downError = layerGradCheck(down, input: Tensor.randn([2, 3, 4, 4], dtype: .float64, using: &g))
        let upError = layerGradCheck(up, input: Tensor.randn([2, 3, 1, 1], dtype: .float64, using: &g))
        #expect(downError < 1e-6 && upError < 1e-6, "relative errors \(downError), \(upError)")
    }
}
