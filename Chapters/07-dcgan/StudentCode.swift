#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport
import NeuralNetworks
import TensorCore

/// With `--use-exercises`, the student's exercise 7.1 (the transposed-convolution output side, used in the
/// size table) and 7.2 (the DCGAN initialiser, used for the trained models) in place of the chapter's own;
/// nil where the chapter's own are used.
struct StudentPieces {
    var outputSide: ((_ side: Int, _ layer: ConvTranspose2d) -> Int)?
    var initializer: ((_ model: Sequential, _ generator: inout SeededGenerator) -> Void)?

    /// Tries each exercise on a small case with a known answer and prints which version the chapter uses.
    static func choose(useExercises: Bool) -> StudentPieces {
        var pieces = StudentPieces()
        // (H − 1)·s − 2p + k + op for a few layers, computed by hand.
        let cases = [(1, 4, 1, 0, 0, 4), (16, 4, 2, 1, 0, 32), (16, 4, 2, 0, 0, 34), (7, 3, 2, 1, 1, 14)]
        if StudentCode.use(exercise: "7.1", piece: "transposed-convolution output side",
                           file: "\(studentFolder)/Chapter07/TransposedConvolutionOutputSide.swift", enabled: useExercises, probe: {
                               try cases.map { h, k, s, p, op, expected in
                                   Double(abs(try Chapter07.transposedConvolutionOutputSide(inputSide: h, kernel: k, stride: s, padding: p,
                                                                                               outputPadding: op) - expected))
                               }.max() ?? 0
                           }) {
            pieces.outputSide = { side, layer in
                exitOnError {
                    try Chapter07.transposedConvolutionOutputSide(inputSide: side, kernel: layer.kernelSize, stride: layer.stride,
                                                                 padding: layer.padding, outputPadding: layer.outputPadding)
                }
            }
        }
        // The initialiser on a small model: how far its statistics are from N(0, 0.02) weights and N(1, 0.02) scales.
        if StudentCode.use(exercise: "7.2", piece: "DCGAN initialiser", file: "\(studentFolder)/Chapter07/InitializeDCGAN.swift",
                           enabled: useExercises, tolerance: 0.005, probe: {
                               var random = SeededGenerator(seed: 7)
                               let probe = Sequential(Conv2d(16, 64, kernelSize: 4, using: &random), BatchNorm2d(512))
                               try Chapter07.initializeDCGAN(probe, using: &random)
                               let weights = meanAndStd([(probe[0] as! Conv2d).weight]), scales = meanAndStd([(probe[1] as! BatchNorm2d).weight])
                               return [abs(weights.mean), abs(weights.std - 0.02), abs(scales.mean - 1), abs(scales.std - 0.02)].max()!
                           }) {
            pieces.initializer = { model, generator in exitOnError { try Chapter07.initializeDCGAN(model, using: &generator) } }
        }
        return pieces
    }
}
