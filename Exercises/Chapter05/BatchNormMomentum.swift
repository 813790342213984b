extension Chapter05 {
    /// Exercise 5.1: Keras's BatchNormalization momentum in PyTorch's terms.
    ///
    /// Keras updates the moving mean as `moving = momentum · moving + (1 − momentum) · batchMean`;
    /// PyTorch as `running = (1 − momentum) · running + momentum · batchMean`. Return the PyTorch momentum
    /// that gives the same update as Keras's `kerasMomentum` (a value in [0, 1]).
    public static func pytorchMomentum(fromKeras kerasMomentum: Double) throws -> Double {
        throw ExerciseNotDone("Exercise 5.1")
    }
}
