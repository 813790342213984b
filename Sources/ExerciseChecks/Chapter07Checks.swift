#if Solutions
import Solutions
#else
import Exercises
#endif
import Foundation
import NeuralNetworks
import TensorCore

/// Chapter 7 (DCGAN): the transposed-convolution output size, the DCGAN initialiser, a generator block,
/// the output sides and receptive fields of D's stack, and spotting a broken guideline.
let chapter07Exercises: [Exercise] = [
    Exercise(chapter: 7, number: 1, title: "The transposed-convolution output side", file: "Exercises/Chapter07/TransposedConvolutionOutputSide.swift",
             hints: [
                 """
                 Chapter 7, section "The two players, 32×32": a transposed convolution scatters each input pixel into a k×k patch, `stride` pixels apart, then crops `padding` pixels from every border.
                 """,
                 "H_out = (H_in − 1)·stride − 2·padding + kernel + outputPadding. Check first: kernel ≥ 1, stride ≥ 1, padding ≥ 0, 0 ≤ outputPadding < stride, H_in ≥ 1; and the result must be ≥ 1.",
                 """
                 guard kernel >= 1, stride >= 1, padding >= 0, outputPadding >= 0, outputPadding < stride, inputSide >= 1 else { throw InvalidLayerGeometry("…") }
                 let side = (inputSide - 1) * stride - 2 * padding + kernel + outputPadding
                 guard side >= 1 else { throw InvalidLayerGeometry("…") }
                 return side
                 """,
             ],
             check: checkTransposedConvolutionOutputSide),
    Exercise(chapter: 7, number: 2, title: "The DCGAN weight initialiser", file: "Exercises/Chapter07/InitializeDCGAN.swift",
             hints: [
                 """
                 Chapter 7, sections "The guidelines, each tied to its line of code" (guideline 6) and "A notebook's DCGAN, taken apart by running it" (the scales at initialisation): every layer, nested ones too, gets the paper's initialisation; BatchNorm's scale is centred on 1.
                 """,
                 "Visit `model.namedModules()`. Conv2d, ConvTranspose2d and Linear: weight ← N(0, 0.02), bias (if any) ← 0. BatchNorm: weight (γ) ← N(1, 0.02), bias (β) ← 0. Draw every number from `generator`.",
                 """
                 for (_, module) in model.namedModules() {
                     switch module {
                     case let norm as BatchNorm:
                         norm.weight.copy(from: Tensor.normal(norm.weight.shape, mean: 1, std: 0.02, using: &generator)); norm.bias.fill(0)
                     case let conv as Conv2d:
                         conv.weight.copy(from: Tensor.normal(conv.weight.shape, mean: 0, std: 0.02, using: &generator)); conv.bias?.fill(0)
                     // … the same for ConvTranspose2d and Linear
                     default: break
                     }
                 }
                 """,
             ],
             check: checkInitializeDCGAN),
    Exercise(chapter: 7, number: 3, title: "A generator block", file: "Exercises/Chapter07/GeneratorBlock.swift",
             hints: [
                 """
                 Chapter 7, section "The two players, 32×32": each block of G upsamples, normalises and activates; exercise 7.1's formula tells which kernel, stride and padding double the side.
                 """,
                 "(H − 1)·2 − 2·1 + 4 = 2H: kernel 4, stride 2, padding 1, no bias (the BatchNorm after it removes any bias). Then BatchNorm2d over the output channels, then ReLU.",
                 """
                 Sequential(ConvTranspose2d(inChannels, outChannels, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &generator),
                            BatchNorm2d(outChannels), ReLU())
                 """,
             ],
             check: checkGeneratorBlock),
    Exercise(chapter: 7, number: 4, title: "Output sides and receptive fields of D's stack", file: "Exercises/Chapter07/ConvolutionStack.swift",
             hints: [
                 """
                 Chapter 7, section "The two players, 32×32": D halves the side at each strided convolution; how many input pixels does one output pixel see?
                 """,
                 "Keep three numbers through the layers: the side, the receptive field r (start 1) and the jump j (start 1). Per layer: side ← ⌊(side + 2p − k) / s⌋ + 1, r ← r + (k − 1)·j, j ← j·s. Throw if side + 2p < k.",
                 """
                 var side = inputSide, field = 1, jump = 1
                 var result: [(side: Int, receptiveField: Int)] = []
                 for layer in layers {
                     guard layer.kernel >= 1, layer.stride >= 1, layer.padding >= 0, side + 2 * layer.padding >= layer.kernel else { throw InvalidLayerGeometry("…") }
                     side = (side + 2 * layer.padding - layer.kernel) / layer.stride + 1
                     field += (layer.kernel - 1) * jump
                     jump *= layer.stride
                     result.append((side, field))
                 }
                 return result
                 """,
             ],
             check: checkConvolutionStack),
    Exercise(chapter: 7, number: 5, title: "Spot the broken guideline", file: "Exercises/Chapter07/FirstGuidelineViolation.swift",
             hints: [
                 """
                 Chapter 7, sections "The guidelines, each tied to its line of code" and "A notebook's DCGAN, taken apart by running it": the notebook's discriminator breaks guideline 1 in its very first layer.
                 """,
                 "Walk the layers with their indices. Broken: a MaxPool2d or ConvTranspose2d; a BatchNorm right after the first convolution; a ReLU, a Tanh, or a LeakyReLU whose slope is not 0.2. Return the first such index, nil if none.",
                 """
                 let first = discriminator.layers.firstIndex { $0 is Conv2d || $0 is ConvTranspose2d }
                 for (index, layer) in discriminator.layers.enumerated() {
                     switch layer {
                     case is MaxPool2d, is ConvTranspose2d, is ReLU, is Tanh: return index
                     case let leaky as LeakyReLU where leaky.slope != 0.2: return index
                     case is BatchNorm where first.map { index == $0 + 1 } ?? false: return index
                     default: continue
                     }
                 }
                 return nil
                 """,
             ],
             check: checkFirstGuidelineViolation),
]

@Sendable private func checkTransposedConvolutionOutputSide() throws {
    try expectEqual(try Chapter07.transposedConvolutionOutputSide(inputSide: 1, kernel: 4, stride: 1, padding: 0), 4,
                    "transposedConvolutionOutputSide(inputSide: 1, kernel: 4, stride: 1, padding: 0) (z as 1×1 → 4×4)")
    try expectEqual(try Chapter07.transposedConvolutionOutputSide(inputSide: 16, kernel: 4, stride: 2, padding: 1), 32,
                    "transposedConvolutionOutputSide(inputSide: 16, kernel: 4, stride: 2, padding: 1) (the DCGAN's doubling)")
    try expectEqual(try Chapter07.transposedConvolutionOutputSide(inputSide: 16, kernel: 4, stride: 2, padding: 0), 34,
                    "transposedConvolutionOutputSide(inputSide: 16, kernel: 4, stride: 2, padding: 0) (the notebook's 34×34)")
    try expectEqual(try Chapter07.transposedConvolutionOutputSide(inputSide: 7, kernel: 3, stride: 2, padding: 1, outputPadding: 1), 14,
                    "transposedConvolutionOutputSide(inputSide: 7, kernel: 3, stride: 2, padding: 1, outputPadding: 1)")
    // Against the library's layer, which builds the shape it really produces.
    var generator = SeededGenerator(seed: 7)
    for (side, k, s, p, op) in [(5, 3, 1, 1, 0), (4, 5, 3, 2, 2), (9, 2, 2, 0, 1), (3, 4, 2, 1, 0)] {
        let got = try Chapter07.transposedConvolutionOutputSide(inputSide: side, kernel: k, stride: s, padding: p, outputPadding: op)
        let layer = ConvTranspose2d(1, 1, kernelSize: k, stride: s, padding: p, outputPadding: op, using: &generator)
        let measured = withNoGrad { layer(Tensor.zeros([1, 1, side, side])) }.shape[2]
        try expectEqual(got, measured, "transposedConvolutionOutputSide(inputSide: \(side), kernel: \(k), stride: \(s), padding: \(p), outputPadding: \(op)) "
                        + "against ConvTranspose2d's output")
    }
    try expectThrows(InvalidLayerGeometry.self, "transposedConvolutionOutputSide with outputPadding 2 ≥ stride 2") {
        try Chapter07.transposedConvolutionOutputSide(inputSide: 4, kernel: 4, stride: 2, padding: 1, outputPadding: 2)
    }
    try expectThrows(InvalidLayerGeometry.self, "transposedConvolutionOutputSide with stride 0") {
        try Chapter07.transposedConvolutionOutputSide(inputSide: 4, kernel: 4, stride: 0, padding: 1)
    }
    try expectThrows(InvalidLayerGeometry.self, "transposedConvolutionOutputSide(inputSide: 1, kernel: 1, stride: 1, padding: 1) (an empty output, side −1)") {
        try Chapter07.transposedConvolutionOutputSide(inputSide: 1, kernel: 1, stride: 1, padding: 1)
    }
}

@Sendable private func checkInitializeDCGAN() throws {
    var random = SeededGenerator(seed: 72)
    let model = Sequential(
        Sequential(Linear(50, 400, using: &random), Reshape([25, 4, 4])),
        ConvTranspose2d(25, 64, kernelSize: 4, stride: 2, padding: 1, using: &random), BatchNorm2d(64), ReLU(),
        Conv2d(64, 32, kernelSize: 3, padding: 1, using: &random), BatchNorm2d(32), LeakyReLU(0.2),
        Sequential(BatchNorm1d(300), Linear(300, 200, using: &random)))
    var generator = SeededGenerator(seed: 73)
    try Chapter07.initializeDCGAN(model, using: &generator)
    func stats(_ tensors: [Tensor]) -> (mean: Double, std: Double) {
        let values = tensors.flatMap(\.doubles)
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }
    var weights: [Tensor] = [], biases: [Tensor] = [], scales: [Tensor] = [], shifts: [Tensor] = []
    for (_, module) in model.namedModules() {
        switch module {
        case let norm as BatchNorm: scales.append(norm.weight); shifts.append(norm.bias)
        case let conv as Conv2d: weights.append(conv.weight); biases += conv.bias.map { [$0] } ?? []
        case let conv as ConvTranspose2d: weights.append(conv.weight); biases += conv.bias.map { [$0] } ?? []
        case let linear as Linear: weights.append(linear.weight); biases += linear.bias.map { [$0] } ?? []
        default: break
        }
    }
    for (index, weight) in weights.enumerated() {
        let s = stats([weight])
        try expect(abs(s.mean) < 0.003 && abs(s.std - 0.02) < 0.002,
                   "initializeDCGAN: weight \(index) (shape \(weight.shape)) should be drawn from N(0, 0.02)\n  expected mean ≈ 0, std ≈ 0.02\n  got      mean \(s.mean), std \(s.std)")
    }
    try expect(biases.allSatisfy { $0.doubles.allSatisfy { $0 == 0 } }, "initializeDCGAN: every Linear and convolution bias should be 0")
    let scaleStats = stats(scales)
    try expect(abs(scaleStats.mean - 1) < 0.005 && abs(scaleStats.std - 0.02) < 0.004,
               "initializeDCGAN: BatchNorm scales (weight) should be drawn from N(1, 0.02)\n  expected mean ≈ 1, std ≈ 0.02\n  got      mean \(scaleStats.mean), std \(scaleStats.std)"
               + (abs(scaleStats.mean) < 0.05 ? "\n  (a mean near 0 is the notebook's bug: γ ≈ 0 switches every channel off)" : ""))
    try expect(scales.allSatisfy { Set($0.doubles).count > $0.count / 2 }, "initializeDCGAN: BatchNorm scales should be random draws, not one constant")
    try expect(shifts.allSatisfy { $0.doubles.allSatisfy { $0 == 0 } }, "initializeDCGAN: every BatchNorm shift (bias) should be 0")
    // The same seed must give the same weights: all randomness comes from `generator`.
    let copy = Sequential(Linear(10, 20, using: &random), BatchNorm1d(20))
    let again = Sequential(Linear(10, 20, using: &random), BatchNorm1d(20))
    var first = SeededGenerator(seed: 5), second = SeededGenerator(seed: 5)
    try Chapter07.initializeDCGAN(copy, using: &first)
    try Chapter07.initializeDCGAN(again, using: &second)
    try expect(zip(copy.parameters(), again.parameters()).allSatisfy { $0.doubles == $1.doubles },
               "initializeDCGAN: two models initialised from generators with the same seed should get the same parameters")
}

@Sendable private func checkGeneratorBlock() throws {
    var generator = SeededGenerator(seed: 73)
    let block = try Chapter07.generatorBlock(inChannels: 16, outChannels: 8, using: &generator)
    try expectEqual(block.count, 3, "generatorBlock(inChannels: 16, outChannels: 8): number of layers")
    guard let conv = block[0] as? ConvTranspose2d else {
        throw CheckFailure(message: "generatorBlock: layer 0 should be a ConvTranspose2d\n  got      \(type(of: block[0]))")
    }
    try expectEqual([conv.inChannels, conv.outChannels, conv.kernelSize, conv.stride, conv.padding], [16, 8, 4, 2, 1],
                    "generatorBlock: layer 0 as [in, out, kernel, stride, padding]")
    try expect(conv.bias == nil, "generatorBlock: the ConvTranspose2d should have no bias (bias: false): the BatchNorm after it cancels any bias")
    try expect((block[1] as? BatchNorm2d)?.channels == 8, "generatorBlock: layer 1 should be BatchNorm2d(8)\n  got      \(block[1])")
    try expect(block[2] is ReLU, "generatorBlock: layer 2 should be ReLU (the generator's activation)\n  got      \(type(of: block[2]))")
    var noise = SeededGenerator(seed: 74)
    for side in [1, 4, 5] {
        let y = block(Tensor.randn([6, 16, side, side], using: &noise))
        try expectEqual(y.shape, [6, 8, 2 * side, 2 * side], "generatorBlock(16 → 8) output shape for input [6, 16, \(side), \(side)]")
        try expect(y.scalars.allSatisfy { $0 >= 0 }, "generatorBlock: outputs after ReLU should be ≥ 0")
    }
    // In training mode BatchNorm centres each channel over the batch: about half of each channel survives ReLU.
    let y = block(Tensor.randn([32, 16, 4, 4], using: &noise))
    let positive = Double(y.scalars.filter { $0 > 0 }.count) / Double(y.count)
    try expect(positive > 0.3 && positive < 0.7, "generatorBlock: after BatchNorm and ReLU about half the values should be positive\n  got      \(positive)")
}

@Sendable private func checkConvolutionStack() throws {
    let dcgan = [Chapter07.ConvLayerGeometry(kernel: 4, stride: 2, padding: 1), .init(kernel: 4, stride: 2, padding: 1),
                 .init(kernel: 4, stride: 2, padding: 1), .init(kernel: 4, stride: 1, padding: 0)]
    let got = try Chapter07.convolutionStack(inputSide: 32, layers: dcgan)
    try expectEqual(got.map(\.side), [16, 8, 4, 1], "convolutionStack(inputSide: 32, the DCGAN discriminator): output sides")
    try expectEqual(got.map(\.receptiveField), [4, 10, 22, 46], "convolutionStack(inputSide: 32, the DCGAN discriminator): receptive fields")
    let odd = try Chapter07.convolutionStack(inputSide: 28, layers: [.init(kernel: 3, stride: 2, padding: 1), .init(kernel: 3, stride: 1, padding: 0),
                                                                     .init(kernel: 5, stride: 3, padding: 2)])
    try expectEqual(odd.map(\.side), [14, 12, 4], "convolutionStack(inputSide: 28, k3 s2 p1, k3 s1 p0, k5 s3 p2): output sides")
    try expectEqual(odd.map(\.receptiveField), [3, 7, 15], "convolutionStack(inputSide: 28, k3 s2 p1, k3 s1 p0, k5 s3 p2): receptive fields")
    // Sides against the library's Conv2d.
    var generator = SeededGenerator(seed: 75)
    var x = Tensor.zeros([1, 1, 28, 28])
    for (layer, expected) in zip([Chapter07.ConvLayerGeometry(kernel: 3, stride: 2, padding: 1), .init(kernel: 3, stride: 1, padding: 0),
                                  .init(kernel: 5, stride: 3, padding: 2)], odd) {
        x = withNoGrad { Conv2d(1, 1, kernelSize: layer.kernel, stride: layer.stride, padding: layer.padding, using: &generator)(x) }
        try expectEqual(expected.side, x.shape[2], "convolutionStack: the side after k\(layer.kernel) s\(layer.stride) p\(layer.padding) against Conv2d's output")
    }
    try expectEqual(try Chapter07.convolutionStack(inputSide: 8, layers: []).count, 0, "convolutionStack with no layers")
    try expectThrows(InvalidLayerGeometry.self, "convolutionStack(inputSide: 4, k4 s2 p1 twice, then k4 s1 p0) (a 1×1 map into a 4×4 kernel)") {
        try Chapter07.convolutionStack(inputSide: 4, layers: [.init(kernel: 4, stride: 2, padding: 1), .init(kernel: 4, stride: 2, padding: 1),
                                                             .init(kernel: 4, stride: 1, padding: 0)])
    }
    try expectThrows(InvalidLayerGeometry.self, "convolutionStack with stride 0") {
        try Chapter07.convolutionStack(inputSide: 8, layers: [.init(kernel: 3, stride: 0, padding: 1)])
    }
}

@Sendable private func checkFirstGuidelineViolation() throws {
    var g = SeededGenerator(seed: 76)
    func conv(_ i: Int, _ o: Int) -> Conv2d { Conv2d(i, o, kernelSize: 4, stride: 2, padding: 1, using: &g) }
    let good = Sequential(conv(3, 8), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16), LeakyReLU(0.2),
                          Conv2d(16, 1, kernelSize: 8, using: &g), Flatten(), Sigmoid())
    try expectEqual(try Chapter07.firstGuidelineViolation(in: good), nil, "firstGuidelineViolation(in: a DCGAN discriminator)")
    let cases: [(String, Sequential, Int)] = [
        ("the notebook's (a ConvTranspose2d first)",
         Sequential(ConvTranspose2d(3, 8, kernelSize: 4, stride: 2, padding: 1, using: &g), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16)), 0),
        ("BatchNorm on the input layer", Sequential(conv(3, 8), BatchNorm2d(8), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16)), 1),
        ("max-pooling", Sequential(conv(3, 8), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16), LeakyReLU(0.2), MaxPool2d(2)), 5),
        ("ReLU in D", Sequential(conv(3, 8), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16), ReLU(), Flatten(), Sigmoid()), 4),
        ("LeakyReLU(0.01)", Sequential(conv(3, 8), LeakyReLU(0.2), conv(8, 16), BatchNorm2d(16), LeakyReLU(), Sigmoid()), 4),
        ("two problems: the first counts", Sequential(conv(3, 8), LeakyReLU(0.2), MaxPool2d(2), conv(8, 16), ReLU()), 2),
    ]
    for (name, model, expected) in cases {
        try expectEqual(try Chapter07.firstGuidelineViolation(in: model), expected, "firstGuidelineViolation(in: \(name))")
    }
}
