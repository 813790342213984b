import Foundation
import KerasStyle
import TensorCore
import Testing

/// An array as `Scripts/make_keras_fixtures.py` writes it.
struct FixtureArray: Decodable {
    let shape: [Int]
    let data: [Double]
    var tensor: Tensor { Tensor(doubles: data, shape: shape).to(.float32) }
}

/// Keras 3 (torch backend) reference values; see the script for how each was produced.
struct KerasFixtures: Decodable {
    struct BatchNormalizationCase: Decodable {
        let momentum: Double, epsilon: Double
        let input, gamma, beta, movingMeanBefore, movingVarianceBefore: FixtureArray
        let trainingOutput, movingMeanAfter, movingVarianceAfter, inferenceOutput: FixtureArray
    }
    struct AdamCase: Decodable {
        let learningRate: Double, beta1: Double, epsilon: Double
        let initial: FixtureArray
        let grads, after, torchAdamAfter: [FixtureArray]
    }
    struct BCECase: Decodable {
        let prediction, target, gradient: FixtureArray
        let loss: Double, torchBCELoss: Double
    }
    struct TrainOnBatchCase: Decodable {
        let initial: [FixtureArray]
        let x, y, predicted: FixtureArray
        let results: [[Double]]
        let after: [FixtureArray]
        let evaluated: [Double]
    }
    struct Change: Decodable {
        let call: String
        let generatorChanged: Bool, discriminatorChanged: Bool
    }
    struct GANStepsCase: Decodable {
        let generatorInitial, discriminatorInitial, reals, noises, generatorAfter, discriminatorAfter: [FixtureArray]
        let losses: [[Double]]
    }
    let kerasVersion: String
    let batchNormalization: BatchNormalizationCase
    let adam: AdamCase
    let bce: BCECase
    let trainOnBatch: TrainOnBatchCase
    let trainable: [String: [Change]]
    let summary: [String: String]
    let ganSteps: GANStepsCase

    static let shared: KerasFixtures = {
        let url = Bundle.module.url(forResource: "keras", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(KerasFixtures.self, from: Data(contentsOf: url))
    }()
}

/// Expects `got` within `tolerance · max(1, |expected|)` of `expected`, element by element.
func expectClose(_ got: Tensor?, _ expected: FixtureArray, tolerance: Double = 1e-5, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let got else { Issue.record("\(what): missing", sourceLocation: sourceLocation); return }
    #expect(got.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    let worst = zip(got.doubles, expected.data).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst <= tolerance, "\(what): worst relative difference \(worst)", sourceLocation: sourceLocation)
}
