import NeuralNetworks
import TensorCore
import Testing

/// Every layer against PyTorch: same parameters and buffers in, same output, input gradient,
/// parameter gradients and updated buffers out (backward of sum(output · w) for fixed w).
/// Run in float64 (tolerance 1e-9: exact up to the fixtures' 12 digits) and in float32, the training
/// precision (tolerance 1e-5 relative + 1e-5 absolute).
@Suite struct LayerFixtureTests {
    static let cases = [
        "linear", "linear_nobias",
        "conv2d_k3_s1_p1", "conv2d_k4_s2_p1", "conv2d_k3_s2_p0",
        "convtranspose2d_k4_s2_p1_op0", "convtranspose2d_k3_s2_p1_op1", "convtranspose2d_k4_s1_p0_op0",
        "batchnorm1d_train", "batchnorm1d_train_3d", "batchnorm1d_eval", "batchnorm2d_train", "batchnorm2d_eval",
        "maxpool2d_k2", "maxpool2d_k3_s2", "leakyrelu", "relu", "tanh", "sigmoid",
    ]

    @Test(arguments: cases, [DType.float64, .float32])
    func matchesPyTorch(_ name: String, _ dtype: DType) throws {
        let fixture = try loadFixture(name, as: LayerFixture.self)
        let layer = makeLayer(fixture, dtype: dtype)
        let tolerance = Tolerance.forType(dtype)

        // Names must be PyTorch's state_dict keys for the layer to load the fixture at all.
        let parameters = layer.namedParameters(), buffers = layer.namedBuffers()
        #expect(parameters.map(\.name).sorted() == fixture.parameters.keys.sorted())
        #expect(buffers.map(\.name).sorted() == fixture.buffersBefore.keys.sorted())
        for (key, tensor) in parameters + buffers {
            let source = try #require(fixture.parameters[key] ?? fixture.buffersBefore[key])
            tensor.copy(from: source.tensor(dtype))
        }
        if fixture.training { layer.train() } else { layer.eval() }

        let x = fixture.input.tensor(dtype).requiringGrad()
        let y = layer(x)
        expectClose(y, fixture.output, tolerance, "\(name) output")
        (y * Tensor(doubles: fixture.outputWeights, shape: y.shape).to(dtype)).sum().backward()
        expectClose(x.grad, fixture.inputGrad, tolerance, "\(name) input gradient")
        for (key, tensor) in parameters {
            expectClose(tensor.grad, try #require(fixture.parameterGrads[key]), tolerance, "\(name) \(key) gradient")
        }
        for (key, tensor) in buffers {
            expectClose(tensor, try #require(fixture.buffersAfter[key]), tolerance, "\(name) \(key) after the step")
        }
    }

    /// Builds the layer a fixture describes (parameters are overwritten afterwards).
    func makeLayer(_ f: LayerFixture, dtype: DType) -> any Module {
        var generator = SeededGenerator(seed: 1)
        let c = f.config
        switch f.name {
        case let n where n.hasPrefix("linear"):
            return Linear(c.inFeatures!, c.out!, bias: c.bias!, dtype: dtype, using: &generator)
        case let n where n.hasPrefix("conv2d"):
            return Conv2d(c.inFeatures!, c.out!, kernelSize: c.kernel!, stride: c.stride!, padding: c.padding!,
                          bias: c.bias!, dtype: dtype, using: &generator)
        case let n where n.hasPrefix("convtranspose2d"):
            return ConvTranspose2d(c.inFeatures!, c.out!, kernelSize: c.kernel!, stride: c.stride!, padding: c.padding!,
                                   outputPadding: c.outputPadding!, bias: c.bias!, dtype: dtype, using: &generator)
        case let n where n.hasPrefix("batchnorm1d"):
            return BatchNorm1d(c.channels!, eps: c.eps!, momentum: c.momentum!, dtype: dtype)
        case let n where n.hasPrefix("batchnorm2d"):
            return BatchNorm2d(c.channels!, eps: c.eps!, momentum: c.momentum!, dtype: dtype)
        case let n where n.hasPrefix("maxpool2d"):
            return MaxPool2d(c.kernel!, stride: c.stride!)
        case "leakyrelu": return LeakyReLU(c.slope!)
        case "relu": return ReLU()
        case "tanh": return Tanh()
        case "sigmoid": return Sigmoid()
        default: preconditionFailure("no layer for fixture \(f.name)")
        }
    }
}

/// Losses against PyTorch: value and gradients with respect to the prediction and a float target.
@Suite struct LossFixtureTests {
    @Test(arguments: ["bce", "bce_saturated", "bce_with_logits", "mse", "cross_entropy"], [DType.float64, .float32])
    func matchesPyTorch(_ name: String, _ dtype: DType) throws {
        let fixture = try loadFixture(name, as: LossFixture.self)
        let tolerance = Tolerance.forType(dtype)
        let x = fixture.input.tensor(dtype).requiringGrad()
        let target = fixture.target?.tensor(dtype).requiringGrad()
        let loss: Tensor
        switch name {
        case "bce", "bce_saturated": loss = BCELoss()(x, try #require(target))
        case "bce_with_logits": loss = BCEWithLogitsLoss()(x, try #require(target))
        case "mse": loss = MSELoss()(x, try #require(target))
        default: loss = CrossEntropyLoss()(x, try #require(fixture.labels))
        }
        expectClose(loss, fixture.output, tolerance, "\(name) value")
        loss.backward()
        expectClose(x.grad, fixture.inputGrad, tolerance, "\(name) prediction gradient")
        if let targetGrad = fixture.targetGrad { expectClose(target?.grad, targetGrad, tolerance, "\(name) target gradient") }
    }
}

/// PyTorch clamps BCE's logs at −100 for the value and the prediction's gradient, but not for the target's
/// gradient, log(1 − p) − log p, which is infinite at p = 0 or 1 (JSON cannot hold it, so it is tested here).
@Test func bceTargetGradientIsUnclampedAsInPyTorch() {
    let p = Tensor([0, 1, 0.5]), y = Tensor([1, 0, 0.3]).requiringGrad()
    let loss = BCELoss()(p, y)
    #expect(Swift.abs(loss.item - (200 + 0.6931472) / 3) < 1e-4)   // (100 + 100 + log 2) / 3: logs clamped at −100
    loss.backward()
    #expect(y.grad!.scalars[0] == .infinity && y.grad!.scalars[1] == -.infinity && y.grad!.scalars[2] == 0)
}
