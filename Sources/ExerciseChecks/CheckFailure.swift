import TensorCore

/// A wrong answer: `message` names the case, what was expected and what came back.
struct CheckFailure: Error {
    let message: String
}

/// Fails with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(message: message()) }
}

/// Fails unless `got == expected`; `what` names the case, e.g. `"rowMajorStrides([2, 3])"`.
func expectEqual<T: Equatable>(_ got: T, _ expected: T, _ what: String) throws {
    try expect(got == expected, "\(what):\n  expected \(expected)\n  got      \(got)")
}

/// The same for optional answers, shown as the value or `nil` (not `Optional(…)`).
func expectEqual<T: Equatable>(_ got: T?, _ expected: T?, _ what: String) throws {
    func show(_ value: T?) -> String { value.map { "\($0)" } ?? "nil" }
    try expect(got == expected, "\(what):\n  expected \(show(expected))\n  got      \(show(got))")
}

/// Fails unless every `got[i]` is within `tolerance · max(1, |expected[i]|)` of `expected[i]` (NaN never is).
func expectClose(_ got: [Double], _ expected: [Double], tolerance: Double = 1e-5, _ what: String) throws {
    try expect(got.count == expected.count, "\(what):\n  expected \(expected.count) values\n  got      \(got.count) values")
    for (i, (g, e)) in zip(got, expected).enumerated() where !(Swift.abs(g - e) <= tolerance * Swift.max(1, Swift.abs(e))) {
        throw CheckFailure(message: "\(what): element \(i) differs (tolerance \(tolerance))\n  expected \(format(expected))\n  got      \(format(got))")
    }
}

/// Fails unless `got` has `expected`'s shape and close values.
func expectClose(_ got: Tensor, _ expected: Tensor, tolerance: Double = 1e-5, _ what: String) throws {
    try expect(got.shape == expected.shape, "\(what): wrong shape\n  expected shape \(expected.shape)\n  got      shape \(got.shape)")
    try expectClose(got.doubles, expected.doubles, tolerance: tolerance, what)
}

/// Fails unless `body` throws an error of type `E` (other errors, such as `ExerciseNotDone`, pass through).
func expectThrows<E: Error, R>(_: E.Type, _ what: String, _ body: () throws -> R) throws {
    do {
        let result = try body()
        throw CheckFailure(message: "\(what):\n  expected a thrown \(E.self)\n  got      \(result)")
    } catch is E {
        return
    }
}

/// Fails unless `gradcheck` finds the gradients of `f` correct in double precision.
func expectGradientsCorrect(_ inputs: [Tensor], _ what: String, _ f: ([Tensor]) -> Tensor) throws {
    let report = gradcheck(inputs, f)
    try expect(report.passed(), "\(what): gradcheck against central differences\n  expected max relative error < 1e-6\n  got      \(report.maxRelativeError.formatted(significantDigits: 3)) (\(report.verdict.rawValue))\n  analytic \(format(report.analytic.flatMap { $0 }))\n  numeric  \(format(report.numeric.flatMap { $0 }))")
}

/// At most eight values with five significant digits, for messages.
func format(_ values: [Double]) -> String {
    let shown = values.prefix(8).map { $0.isFinite ? $0.formatted(significantDigits: 5) : "\($0)" }
    return "[" + shown.joined(separator: ", ") + (values.count > 8 ? ", … (\(values.count) values)" : "") + "]"
}
