import NeuralNetworks
import TensorCore

/// One of the DCGAN paper's guidelines, the line of `Models.swift` that follows it, and whether a given pair
/// of models follows it, with the evidence measured on those models.
struct GuidelineCheck {
    let number: Int
    let rule: String
    let code: String
    let holds: Bool
    let evidence: String
}

/// Checks Radford, Metz and Chintala's guidelines on built models: it reads the layers and measures the
/// initial weights, so the same function passes the chapter's DCGAN and flags the notebook's.
func checkGuidelines(generator g: Sequential, discriminator d: Sequential, optimizerG: Adam, optimizerD: Adam,
                     batchSize: Int, pixelRange: ClosedRange<Float>) -> [GuidelineCheck] {
    let gLayers = g.layers, dLayers = d.layers
    func isConv(_ m: any Module) -> Bool { m is Conv2d || m is ConvTranspose2d }
    func names(_ layers: [any Module], where predicate: (any Module) -> Bool) -> [String] {
        layers.indices.filter { predicate(layers[$0]) }.map { "\($0): \(describe(layers[$0]))" }
    }
    /// The conv layers of `layers` and whether a BatchNorm follows each one directly.
    func normalised(_ layers: [any Module]) -> [(index: Int, hasBatchNorm: Bool)] {
        layers.indices.filter { isConv(layers[$0]) }.map { ($0, $0 + 1 < layers.count && layers[$0 + 1] is BatchNorm) }
    }

    var checks: [GuidelineCheck] = []
    // 1. Strided convolutions in D, no pooling, no upsampling.
    let dUpsampling = names(dLayers) { $0 is ConvTranspose2d || $0 is MaxPool2d }
    checks.append(GuidelineCheck(number: 1, rule: "D downsamples with strided convolutions (no pooling)",
                                 code: "Conv2d(w, 2 * w, kernelSize: 4, stride: 2, padding: 1, …)  // 16 → 8",
                                 holds: dUpsampling.isEmpty,
                                 evidence: dUpsampling.isEmpty ? "D's layers: \(names(dLayers, where: isConv).count) Conv2d, no pooling"
                                     : "D has " + dUpsampling.joined(separator: "; ")))
    // 2. Transposed convolutions in G.
    let gUpsamplers = gLayers.filter { $0 is ConvTranspose2d }.count
    let gPooling = names(gLayers) { $0 is Conv2d || $0 is MaxPool2d }
    checks.append(GuidelineCheck(number: 2, rule: "G upsamples with transposed convolutions",
                                 code: "ConvTranspose2d(4 * w, 2 * w, kernelSize: 4, stride: 2, padding: 1, …)  // 4 → 8",
                                 holds: gUpsamplers >= 3 && gPooling.isEmpty,
                                 evidence: "G has \(gUpsamplers) ConvTranspose2d" + (gPooling.isEmpty ? "" : "; also " + gPooling.joined(separator: "; "))))
    // 3. BatchNorm everywhere except G's output and D's input.
    let gNorm = normalised(gLayers), dNorm = normalised(dLayers)
    var normProblems: [String] = []
    for (position, layer) in gNorm.enumerated() where layer.hasBatchNorm == (position == gNorm.count - 1) {
        normProblems.append("G layer \(layer.index) \(layer.hasBatchNorm ? "(output) has" : "lacks") BatchNorm")
    }
    for (position, layer) in dNorm.enumerated() where position < dNorm.count - 1 && layer.hasBatchNorm == (position == 0) {
        normProblems.append("D layer \(layer.index) \(layer.hasBatchNorm ? "(input) has" : "lacks") BatchNorm")
    }
    checks.append(GuidelineCheck(number: 3, rule: "BatchNorm in both nets, except G's output and D's input layer",
                                 code: "BatchNorm2d(2 * w), ReLU(),", holds: normProblems.isEmpty,
                                 evidence: normProblems.isEmpty ? "G: \(gNorm.filter(\.hasBatchNorm).count) of \(gNorm.count) conv layers normalised, "
                                     + "D: \(dNorm.filter(\.hasBatchNorm).count) of \(dNorm.count)" : normProblems.joined(separator: "; ")))
    // 4. ReLU in G, tanh out.
    let gActivations = gLayers.filter { $0 is ReLU || $0 is LeakyReLU || $0 is Tanh || $0 is Sigmoid }
    let gReLU = gActivations.dropLast().allSatisfy { $0 is ReLU } && gActivations.last is Tanh
    checks.append(GuidelineCheck(number: 4, rule: "ReLU in G, tanh at its output", code: "ConvTranspose2d(w, 3, …), Tanh())",
                                 holds: gReLU, evidence: "G's activations: " + gActivations.map(describe).joined(separator: ", ")))
    // 5. LeakyReLU(0.2) in D.
    let dActivations = dLayers.filter { $0 is ReLU || $0 is LeakyReLU || $0 is Tanh }
    let dLeaky = !dActivations.isEmpty && dActivations.allSatisfy { ($0 as? LeakyReLU)?.slope == 0.2 }
    checks.append(GuidelineCheck(number: 5, rule: "LeakyReLU(0.2) in D", code: "BatchNorm2d(2 * w), LeakyReLU(0.2),",
                                 holds: dLeaky, evidence: "D's activations: " + dActivations.map(describe).joined(separator: ", ")))
    // 6. Initialisation, measured.
    let convWeights = (gLayers + dLayers).compactMap { ($0 as? Conv2d)?.weight ?? ($0 as? ConvTranspose2d)?.weight }
    let scales = (gLayers + dLayers).compactMap { ($0 as? BatchNorm)?.weight }
    let weightStats = meanAndStd(convWeights), scaleStats = meanAndStd(scales)
    let initOK = abs(weightStats.mean) < 0.002 && abs(weightStats.std - 0.02) < 0.002
        && abs(scaleStats.mean - 1) < 0.01 && abs(scaleStats.std - 0.02) < 0.005
    checks.append(GuidelineCheck(number: 6, rule: "conv weights N(0, 0.02); BatchNorm scale N(1, 0.02), shift 0",
                                 code: "model.initialize(.ganNormal, using: &generator)", holds: initOK,
                                 evidence: "conv weights mean \(fmt(weightStats.mean)) std \(fmt(weightStats.std)); "
                                     + "BatchNorm scales mean \(fmt(scaleStats.mean)) std \(fmt(scaleStats.std))"))
    // 7. Adam 2e-4, β₁ 0.5.
    let adamOK = [optimizerG, optimizerD].allSatisfy { $0.learningRate == 2e-4 && $0.betas.0 == 0.5 }
    checks.append(GuidelineCheck(number: 7, rule: "Adam, learning rate 2e-4, β₁ 0.5",
                                 code: "Adam(model.parameters(), lr: learningRate, betas: (0.5, 0.999))", holds: adamOK,
                                 evidence: "G: lr \(optimizerG.learningRate) β₁ \(optimizerG.betas.0); D: lr \(optimizerD.learningRate) β₁ \(optimizerD.betas.0)"))
    // 8. Pixels in [−1, 1].
    let pixelsOK = pixelRange.lowerBound >= -1 && pixelRange.upperBound <= 1 && pixelRange.lowerBound < -0.9
    checks.append(GuidelineCheck(number: 8, rule: "pixels scaled to [−1, 1] (tanh's range)",
                                 code: "DataLoader(dataset, …)  // normalization: .minusOneToOne, its default", holds: pixelsOK,
                                 evidence: "pixels in [\(fmt(Double(pixelRange.lowerBound))), \(fmt(Double(pixelRange.upperBound)))]"))
    // 9. Batch 128: a training setting rather than part of the models, which the default run departs from.
    checks.append(GuidelineCheck(number: 9, rule: "mini-batches of 128",
                                 code: "DataLoader(dataset, batchSize: settings.batchSize, …)  // --batch-size", holds: batchSize == 128,
                                 evidence: "batch \(batchSize)" + (batchSize == Chapter07Defaults.batchSize && batchSize != 128
                                     ? ", the default: about 4× the steps in the same time (see Training)" : "")))
    return checks
}

/// A layer as its `description` (e.g. "Conv2d(3 → 64, k4 s2 p1)"), or its type name.
func describe(_ module: any Module) -> String { (module as? CustomStringConvertible)?.description ?? "\(type(of: module))" }

/// The mean and standard deviation of all the values of `tensors` together.
func meanAndStd(_ tensors: [Tensor]) -> (mean: Double, std: Double) {
    let values = tensors.flatMap(\.doubles)
    guard !values.isEmpty else { return (0, 0) }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
}

/// Three significant digits.
func fmt(_ x: Double) -> String { x.formatted(significantDigits: 3) }
