import NeuralNetworks
import TensorCore
import Testing

/// A custom model the way chapters write one: a named child holding a Sequential.
final class Critic: Module {
    var isTraining = true
    let net: Sequential
    init(using g: inout SeededGenerator) {
        net = Sequential(Linear(4, 8, using: &g), LeakyReLU(0.2), Dropout(0.3, using: &g), BatchNorm1d(8), Linear(8, 1, using: &g))
    }
    var children: [(name: String, module: any Module)] { [("net", net)] }
    func callAsFunction(_ x: Tensor) -> Tensor { net(x) }
}

/// The models of `Fixtures/layers/models.json`, built the same way as in the fixture script.
func referenceModel(_ name: String, using g: inout SeededGenerator) -> any Module {
    switch name {
    case "mlpGenerator":
        return Sequential(Linear(100, 256, using: &g), LeakyReLU(0.2), Linear(256, 512, using: &g), LeakyReLU(0.2),
                          Linear(512, 1024, using: &g), LeakyReLU(0.2), Linear(1024, 784, using: &g), Tanh())
    case "mlpGeneratorBatchNorm":
        return Sequential(Linear(100, 128, using: &g), LeakyReLU(0.2), Linear(128, 256, using: &g), BatchNorm1d(256, momentum: 0.2),
                          LeakyReLU(0.2), Linear(256, 784, using: &g), Tanh())
    case "dcganGenerator":
        return Sequential(ConvTranspose2d(100, 256, kernelSize: 4, bias: false, using: &g), BatchNorm2d(256), ReLU(),
                          ConvTranspose2d(256, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(128), ReLU(),
                          ConvTranspose2d(128, 64, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(64), ReLU(),
                          ConvTranspose2d(64, 3, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), Tanh())
    default:
        return Sequential(Conv2d(3, 64, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), LeakyReLU(0.2),
                          Conv2d(64, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(128), LeakyReLU(0.2),
                          Conv2d(128, 256, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(256), LeakyReLU(0.2),
                          Conv2d(256, 1, kernelSize: 4, bias: false, using: &g), Flatten(), Sigmoid())
    }
}

@Suite struct ModuleTests {
    @Test(arguments: ["mlpGenerator", "mlpGeneratorBatchNorm", "dcganGenerator", "dcganDiscriminator"])
    func namesCountsAndShapesMatchPyTorch(_ name: String) throws {
        let models = try loadFixture("models", as: [String: ModelFixture].self)
        let expected = try #require(models[name])
        var g = SeededGenerator(seed: 0)
        let model = referenceModel(name, using: &g)
        // state_dict order: per module, parameters then buffers.
        let keys = model.namedModules().flatMap { prefix, module in
            (module.ownParameters + module.ownBuffers).map { prefix.isEmpty ? $0.name : "\(prefix).\($0.name)" }
        }
        #expect(keys == expected.stateDictKeys)
        #expect(Set(model.namedParameters().map(\.name) + model.namedBuffers().map(\.name)) == Set(expected.stateDictKeys))
        #expect(model.parameterCount == expected.parameterCount)
        #expect(withNoGrad { model(Tensor.zeros(expected.inputShape)) }.shape == expected.outputShape)
    }

    @Test func mlpGeneratorHasTheCountTheChapterQuotes() {
        var g = SeededGenerator(seed: 0)
        #expect(referenceModel("mlpGenerator", using: &g).parameterCount == 1_486_352)
    }

    @Test func customModuleNamesParametersWithDots() {
        var g = SeededGenerator(seed: 0)
        let critic = Critic(using: &g)
        #expect(critic.namedParameters().map(\.name) == ["net.0.weight", "net.0.bias", "net.3.weight", "net.3.bias", "net.4.weight", "net.4.bias"])
        #expect(critic.namedBuffers().map(\.name) == ["net.3.running_mean", "net.3.running_var", "net.3.num_batches_tracked"])
        #expect(critic.parameters().count == 6)
    }

    @Test func trainAndEvalReachEverySubmodule() {
        var g = SeededGenerator(seed: 0)
        let critic = Critic(using: &g)
        critic.eval()
        #expect(critic.namedModules().allSatisfy { !$0.module.isTraining })
        // In evaluation, dropout is off and BatchNorm uses running statistics: the same input gives the same output.
        let x = Tensor.randn([6, 4], using: &g)
        #expect(critic(x).scalars == critic(x).scalars)
        let runningMean = (critic.net[3] as! BatchNorm1d).runningMean.scalars
        _ = critic(x)
        #expect((critic.net[3] as! BatchNorm1d).runningMean.scalars == runningMean)
        critic.train()
        #expect(critic.namedModules().allSatisfy { $0.module.isTraining })
        _ = critic(x)
        #expect((critic.net[3] as! BatchNorm1d).runningMean.scalars != runningMean)
    }

    @Test func frozenParametersGetNoGradient() {
        var g = SeededGenerator(seed: 0)
        let generator = Sequential(Linear(3, 4, using: &g), Tanh())
        let discriminator = Sequential(Linear(4, 1, using: &g))
        discriminator.freeze()
        #expect(discriminator.trainableParameterCount == 0)
        BCEWithLogitsLoss()(discriminator(generator(Tensor.randn([5, 3], using: &g))), Tensor.ones([5, 1])).backward()
        #expect(discriminator.parameters().allSatisfy { $0.grad == nil })
        #expect(generator.parameters().allSatisfy { $0.grad != nil })
        discriminator.unfreeze()
        BCEWithLogitsLoss()(discriminator(generator(Tensor.randn([5, 3], using: &g))), Tensor.ones([5, 1])).backward()
        #expect(discriminator.parameters().allSatisfy { $0.grad != nil })
        discriminator.zeroGrad()
        #expect(discriminator.parameters().allSatisfy { $0.grad == nil })
    }

    @Test func sequentialIsIndexableAndAppendable() {
        var g = SeededGenerator(seed: 0)
        let model = Sequential([Linear(2, 3, using: &g)])
        model.append(ReLU())
        #expect(model.count == 2)
        #expect(model[1] is ReLU)
        #expect(model.children.map(\.name) == ["0", "1"])
    }
}

@Suite struct InitializerTests {
    /// Sample standard deviation of a tensor's elements.
    func std(_ t: Tensor) -> Double {
        let v = t.doubles, mean = v.reduce(0, +) / Double(v.count)
        return (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
    }

    @Test func pytorchDefaultIsUniformOverOneOverRootFanIn() {
        var g = SeededGenerator(seed: 0)
        let linear = Linear(400, 50, using: &g)
        let bound = 1 / 20.0
        #expect(linear.weight.doubles.allSatisfy { Swift.abs($0) <= bound })
        #expect(Swift.abs(std(linear.weight) - bound / 3.0.squareRoot()) < 0.002)
        #expect(linear.bias!.doubles.allSatisfy { Swift.abs($0) <= bound })
    }

    @Test func convTransposeFanInComesFromWeightSizeOne() {
        // PyTorch: weight [in, out, k, k] → fan-in = out · k · k (here 4 · 16 = 64, bound 1/8), not in · k · k.
        var g = SeededGenerator(seed: 0)
        let layer = ConvTranspose2d(16, 4, kernelSize: 4, using: &g)
        let largest = layer.weight.doubles.map(Swift.abs).max()!
        #expect(largest <= 0.125 && largest > 0.12)
        let conv = Conv2d(16, 4, kernelSize: 4, using: &g)   // fan-in 16 · 16 = 256, bound 1/16
        let convLargest = conv.weight.doubles.map(Swift.abs).max()!
        #expect(convLargest <= 0.0625 && convLargest > 0.06)
    }

    @Test func ganNormalAndGlorot() {
        var g = SeededGenerator(seed: 0)
        let model = Sequential(Conv2d(8, 64, kernelSize: 4, using: &g), BatchNorm2d(64), Linear(300, 200, using: &g))
        model.initialize(.ganNormal, using: &g)
        let conv = model[0] as! Conv2d, norm = model[1] as! BatchNorm2d, linear = model[2] as! Linear
        #expect(Swift.abs(std(conv.weight) - 0.02) < 0.001)
        #expect(Swift.abs(std(linear.weight) - 0.02) < 0.001)
        #expect(conv.bias!.doubles.allSatisfy { $0 == 0 })
        #expect(Swift.abs(norm.weight.doubles.reduce(0, +) / 64 - 1) < 0.01 && std(norm.weight) > 0.01)
        #expect(norm.bias.doubles.allSatisfy { $0 == 0 })

        model.initialize(.glorotUniform, using: &g)
        let limit = (6.0 / 500).squareRoot()
        #expect(linear.weight.doubles.allSatisfy { Swift.abs($0) <= limit })
        #expect(Swift.abs(std(linear.weight) - limit / 3.0.squareRoot()) < 0.002)
        #expect(linear.bias!.doubles.allSatisfy { $0 == 0 })
        #expect(norm.weight.doubles.allSatisfy { $0 == 1 })
    }
}

@Suite struct SummaryTests {
    @Test func mlpGeneratorTable() {
        var g = SeededGenerator(seed: 0)
        let model = referenceModel("mlpGenerator", using: &g)
        (model as! Sequential)[6].freeze()
        let table = summary(model, inputShape: [1, 100])
        #expect(table.contains("Linear(100 → 256)"))
        #expect(table.contains("[1, 256]") && table.contains("[1, 784]"))
        #expect(table.contains("25,856"))                         // 100 · 256 + 256
        #expect(table.contains("Total parameters:     1,486,352"))
        #expect(table.contains("Trainable parameters: 682,752"))  // minus the frozen last Linear (803,600)
        #expect(table.contains("Frozen parameters:    803,600"))
        #expect(table.contains("5.95 MB"))                        // 1,486,352 · 4 bytes
    }

    @Test func summaryRestoresTrainingMode() {
        var g = SeededGenerator(seed: 0)
        let model = referenceModel("dcganGenerator", using: &g)
        let runningMean = (model as! Sequential)[1].ownBuffers[0].tensor.scalars
        let table = summary(model, inputShape: [2, 100, 1, 1])
        #expect(table.contains("[2, 3, 32, 32]"))
        #expect(table.contains("Total parameters:     1,068,928"))
        #expect(model.namedModules().allSatisfy { $0.module.isTraining })
        #expect((model as! Sequential)[1].ownBuffers[0].tensor.scalars == runningMean)
    }
}
