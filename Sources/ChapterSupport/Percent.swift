import TensorCore

/// A share in [0, 1] as a percentage with two significant digits: 0.0123 → "1.2%".
public func percent(_ share: Double) -> String { "\((share * 100).formatted(significantDigits: 2))%" }
