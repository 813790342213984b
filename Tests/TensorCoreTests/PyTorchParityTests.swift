import Foundation
import Testing
import TensorCore

/// Reference values written by `Scripts/make_tensor_fixtures.py` (PyTorch, float64).
struct OpFixture: Decodable, Sendable {
    struct Array: Decodable, Sendable { let shape: [Int]; let data: [Double] }
    let name: String
    let inputs: [Array]
    let output: Array
    let weights: [Double]
    let grads: [[Double]]
}

func loadOpFixtures() throws -> [OpFixture] {
    struct File: Decodable { let cases: [OpFixture] }
    let url = try #require(Bundle.module.url(forResource: "Fixtures/ops", withExtension: "json"))
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
}

/// The largest |a − b| / (atol + rtol·|b|); ≤ 1 means "close", as `torch.allclose` reads it.
func closeness(_ a: [Double], _ b: [Double], rtol: Double, atol: Double) -> Double {
    zip(a, b).map { abs($0 - $1) / (atol + rtol * abs($1)) }.max() ?? 0
}

@Suite("PyTorch parity of every operation")
struct PyTorchParityTests {
    @Test("every fixture case has an operation, and every operation a fixture")
    func catalogMatchesFixtures() throws {
        let names = Set(try loadOpFixtures().map(\.name))
        #expect(names == Set(operations.keys))
    }

    /// float32 forward and backward against PyTorch's float64 values: rtol 1e-5, atol 1e-5.
    @Test("float32 values and gradients match PyTorch", arguments: try loadOpFixtures())
    func float32(_ fixture: OpFixture) throws {
        try check(fixture, dtype: .float32, rtol: 1e-5, atol: 1e-5)
    }

    /// float64 must agree to rounding: rtol 1e-12.
    @Test("float64 values and gradients match PyTorch", arguments: try loadOpFixtures())
    func float64(_ fixture: OpFixture) throws {
        try check(fixture, dtype: .float64, rtol: 1e-12, atol: 1e-12)
    }

    private func check(_ fixture: OpFixture, dtype: DType, rtol: Double, atol: Double) throws {
        let op = try #require(operations[fixture.name], "no operation named \(fixture.name)")
        let inputs = fixture.inputs.map { Tensor(doubles: $0.data, shape: $0.shape).to(dtype).requiringGrad() }
        let output = op(inputs)
        #expect(output.shape == fixture.output.shape, "\(fixture.name): shape")
        #expect(closeness(output.doubles, fixture.output.data, rtol: rtol, atol: atol) <= 1, "\(fixture.name): forward")
        (output * Tensor(doubles: fixture.weights, shape: fixture.output.shape).to(dtype)).sum().backward()
        for (i, input) in inputs.enumerated() {
            let grad = try #require(input.grad, "\(fixture.name): input \(i) got no gradient")
            #expect(closeness(grad.doubles, fixture.grads[i], rtol: rtol, atol: atol) <= 1, "\(fixture.name): gradient of input \(i)")
        }
    }
}

extension OpFixture: CustomTestStringConvertible {
    var testDescription: String { name }
}
