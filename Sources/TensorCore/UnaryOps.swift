// Element-wise functions and their derivatives.
// A backward rule that needs the output keeps a detached view of it (`saved`): capturing the
// output itself would make it own its own graph node, a reference cycle.

extension Tensor {
    /// eˣ.
    public func exp() -> Tensor {
        let y = mapElements(self, ExpFunction()), saved = y.detach()
        return y.recordOperation("exp", inputs: [self]) { g in [g * saved] }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        mapElements(self, LogFunction()).recordOperation("log", inputs: [self]) { g in [g / self] }
    }

    /// Hyperbolic tangent; the derivative 1 − tanh² is computed from the saved output.
    public func tanh() -> Tensor {
        let y = mapElements(self, TanhFunction()), saved = y.detach()
        return y.recordOperation("tanh", inputs: [self]) { g in [zipElements(saved, g, TanhBackward(), operation: "tanh backward")] }
    }

    /// The logistic function 1 / (1 + e⁻ˣ), computed without overflow; derivative σ(1 − σ).
    public func sigmoid() -> Tensor {
        let y = mapElements(self, SigmoidFunction()), saved = y.detach()
        return y.recordOperation("sigmoid", inputs: [self]) { g in [zipElements(saved, g, SigmoidBackward(), operation: "sigmoid backward")] }
    }

    /// max(x, 0).
    public func relu() -> Tensor { leakyReLU(slope: 0, name: "relu") }

    /// x for x > 0, slope · x otherwise.
    public func leakyReLU(slope: Double = 0.01) -> Tensor { leakyReLU(slope: slope, name: "leakyReLU") }

    private func leakyReLU(slope: Double, name: String) -> Tensor {
        mapElements(self, LeakyReLUFunction(slope: slope)).recordOperation(name, inputs: [self]) { g in
            [zipElements(self, g, LeakyReLUBackward(slope: slope), operation: "\(name) backward")]
        }
    }

    /// Limits every element to [low, high]; the gradient passes only where low ≤ x ≤ high (as in PyTorch).
    public func clamp(min low: Double = -.infinity, max high: Double = .infinity) -> Tensor {
        mapElements(self, ClampFunction(low: low, high: high)).recordOperation("clamp", inputs: [self]) { g in
            [zipElements(self, g, ClampBackward(low: low, high: high), operation: "clamp backward")]
        }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        let y = mapElements(self, SqrtFunction()), saved = y.detach()
        return y.recordOperation("sqrt", inputs: [self]) { g in [zipElements(saved, g, SqrtBackward(), operation: "sqrt backward")] }
    }

    /// Absolute value (gradient 0 at 0).
    public func abs() -> Tensor {
        mapElements(self, AbsFunction()).recordOperation("abs", inputs: [self]) { g in
            [zipElements(self, g, AbsBackward(), operation: "abs backward")]
        }
    }

    /// xᵖ for a constant exponent.
    public func pow(_ exponent: Double) -> Tensor {
        mapElements(self, PowFunction(exponent: exponent)).recordOperation("pow", inputs: [self]) { g in
            [zipElements(self, g, PowBackward(exponent: exponent), operation: "pow backward")]
        }
    }

    /// x².
    public func squared() -> Tensor { pow(2) }

    /// log(1 + eˣ), computed stably; its derivative is σ(x).
    public func softplus() -> Tensor {
        mapElements(self, SoftplusFunction()).recordOperation("softplus", inputs: [self]) { g in
            [zipElements(self, g, SoftplusBackward(), operation: "softplus backward")]
        }
    }
}
