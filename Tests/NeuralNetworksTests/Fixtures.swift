import Foundation
import NeuralNetworks
import TensorCore
import Testing

/// An array as the fixture script writes it: shape and row-major data.
struct FixtureArray: Decodable {
    let shape: [Int]
    let data: [Double]

    func tensor(_ dtype: DType) -> Tensor { Tensor(doubles: data, shape: shape).to(dtype) }
}

/// One layer case written by `Scripts/make_layer_fixtures.py`.
struct LayerFixture: Decodable {
    struct Config: Decodable {
        let inFeatures: Int?, out: Int?, kernel: Int?, stride: Int?, padding: Int?, outputPadding: Int?
        let bias: Bool?, channels: Int?, eps: Double?, momentum: Double?, slope: Double?
        enum CodingKeys: String, CodingKey {
            case inFeatures = "in", out, kernel, stride, padding, outputPadding, bias, channels, eps, momentum, slope
        }
    }
    let name: String
    let config: Config
    let training: Bool
    let input: FixtureArray
    let parameters: [String: FixtureArray]
    let buffersBefore: [String: FixtureArray]
    let output: FixtureArray
    let outputWeights: [Double]
    let inputGrad: FixtureArray
    let parameterGrads: [String: FixtureArray]
    let buffersAfter: [String: FixtureArray]
}

/// One loss case: prediction, target (or class labels), value and gradients.
struct LossFixture: Decodable {
    let name: String
    let input: FixtureArray
    let target: FixtureArray?
    let labels: [Int]?
    let output: FixtureArray
    let inputGrad: FixtureArray
    let targetGrad: FixtureArray?
}

/// PyTorch's view of a whole model: state_dict keys, parameter count, output shape.
struct ModelFixture: Decodable {
    let stateDictKeys: [String]
    let parameterCount: Int
    let inputShape: [Int]
    let outputShape: [Int]
}

enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    var description: String {
        switch self { case .missing(let name): "fixture \(name).json is missing from the test bundle (run Scripts/make_layer_fixtures.py)" }
    }
}

/// Decodes `Fixtures/layers/<name>.json` from the test bundle.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/layers") else {
        throw FixtureError.missing(name)
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// How far a result may be from PyTorch's: |actual − expected| ≤ absolute + relative · |expected|.
struct Tolerance: CustomStringConvertible {
    let relative: Double, absolute: Double
    /// float64 matches PyTorch's float64 to rounding: the fixtures hold 12 significant digits.
    static let float64 = Tolerance(relative: 1e-9, absolute: 1e-9)
    /// float32 kernels accumulate ~1e-7 relative rounding per term over sums of tens of terms.
    static let float32 = Tolerance(relative: 1e-5, absolute: 1e-5)
    static func forType(_ dtype: DType) -> Tolerance { dtype == .float64 ? .float64 : .float32 }
    var description: String { "rtol \(relative), atol \(absolute)" }
}

/// Expects `actual` to match `expected` in shape and, element by element, within `tolerance`;
/// on failure names the first element that differs.
func expectClose(_ actual: Tensor?, _ expected: FixtureArray, _ tolerance: Tolerance, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("\(what): missing (expected shape \(expected.shape))", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    let values = actual.doubles
    guard values.count == expected.data.count else { return }
    for (i, (a, e)) in zip(values, expected.data).enumerated()
    where !(Swift.abs(a - e) <= tolerance.absolute + tolerance.relative * Swift.abs(e)) {
        Issue.record("\(what)[\(i)]: got \(a), PyTorch \(e) (\(tolerance))", sourceLocation: sourceLocation)
        return
    }
}
