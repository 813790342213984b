extension Chapter05 {
    /// Exercise 5.2: which layers' weights a `train_on_batch` updates.
    ///
    /// A model holds layers; layer i's weights are trainable when the model's flag *and* the layer's flag
    /// are true. The arrays give each layer's flag now and when `compile` ran; the two Bools give the model's.
    /// Under `.readAtEveryStep` (Keras 3) the flags now count; under `.capturedAtCompile` (Keras 2) the flags at
    /// compile time do. Return, for each layer, whether this step updates its weights.
    public static func updatedLayers(layerTrainableNow: [Bool], modelTrainableNow: Bool,
                                     layerTrainableAtCompile: [Bool], modelTrainableAtCompile: Bool,
                                     rule: TrainableRule) throws -> [Bool] {
        throw ExerciseNotDone("Exercise 5.2")
    }
}
