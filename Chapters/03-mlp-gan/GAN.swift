import ChapterSupport
import Figures
import Foundation
import NeuralNetworks
import TensorCore

/// The two players and their optimisers, with the step and epoch reached: everything a checkpoint holds.
final class GAN {
    let generator: Sequential
    let discriminator: Sequential
    let optimizerG: AdamW
    let optimizerD: AdamW
    /// Steps and epochs completed.
    var step = 0
    var epoch = 0

    /// Fresh models drawn from `seed` (the same seed gives the same weights).
    init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.generator = makeGenerator(using: &generator)
        discriminator = makeDiscriminator(using: &generator)
        optimizerG = makeOptimizer(for: self.generator)
        optimizerD = makeOptimizer(for: discriminator)
    }

    private var checkpoint: TrainingCheckpoint {
        var checkpoint = TrainingCheckpoint()
        checkpoint.add(generator.namedParameters(), prefix: "generator")
        checkpoint.add(discriminator.namedParameters(), prefix: "discriminator")
        checkpoint.add(optimizerG, name: "optimizerG")
        checkpoint.add(optimizerD, name: "optimizerD")
        return checkpoint
    }

    /// Writes G, D, both optimisers, the step and epoch, `metadata` and the run's `history` tables to `url`, atomically.
    func save(to url: URL, metadata: [String: String], history: [String: CSVTable]) throws {
        var checkpoint = checkpoint
        checkpoint.metadata = metadata.merging(["step": String(step), "epoch": String(epoch)]) { $1 }
        checkpoint.addHistory(history)
        try checkpoint.save(to: url)
    }

    /// Restores everything `save` wrote; returns the checkpoint's metadata.
    func restore(from url: URL) throws -> [String: String] {
        let metadata = try checkpoint.restore(from: url)
        guard let step = metadata["step"].flatMap(Int.init), let epoch = metadata["epoch"].flatMap(Int.init) else {
            throw CheckpointMetadataError(file: url.path, found: "step \(metadata["step"] ?? "missing"), epoch \(metadata["epoch"] ?? "missing")")
        }
        self.step = step
        self.epoch = epoch
        return metadata
    }

    /// `count` images `[count, 1, 28, 28]` from the generator, without gradients, from noise drawn with `seed`.
    func sample(_ count: Int, seed: UInt64) -> Tensor {
        var noise = SeededGenerator(seed: seed)
        return sample(Tensor.randn([count, noiseSize], using: &noise))
    }

    /// The generator's images `[N, 1, 28, 28]` for noise `z` `[N, 100]`, without gradients.
    func sample(_ z: Tensor) -> Tensor {
        withNoGrad { generator(z) }.reshape([z.shape[0], 1, 28, 28])
    }
}

/// A training checkpoint without the step and epoch this chapter writes into it.
struct CheckpointMetadataError: Error, CustomStringConvertible {
    let file: String
    let found: String
    var description: String { "\(file): expected a chapter-03 training checkpoint with 'step' and 'epoch' metadata, found \(found)" }
}

/// An exponential moving average of a generator's weights, kept beside it during training and used as a
/// generator of its own: w̄ ← w̄ + (1 − d)(w − w̄) after every step, with d = min(decay, (1 + t)/(10 + t)) so
/// that the first steps are not averaged with the random starting weights for long.
final class WeightAverage {
    let model: Sequential
    let decay: Double
    private var updates = 0

    /// Starts as a copy of `generator`'s current weights.
    init(of generator: Sequential, decay: Double) {
        var unused = SeededGenerator(seed: 0)
        model = makeGenerator(using: &unused)
        self.decay = decay
        for (average, weight) in zip(model.parameters(), generator.parameters()) { average.copy(from: weight) }
    }

    /// Moves the average towards `generator`'s weights after one training step.
    func update(from generator: Sequential) {
        updates += 1
        let d = min(decay, Double(1 + updates) / Double(10 + updates))
        withNoGrad {
            for (average, weight) in zip(model.parameters(), generator.parameters()) {
                average.addInPlace(weight - average, scaledBy: 1 - d)
            }
        }
    }

    /// `count` images `[count, 1, 28, 28]` from the averaged weights, from noise drawn with `seed`.
    func sample(_ count: Int, seed: UInt64) -> Tensor {
        var noise = SeededGenerator(seed: seed)
        let z = Tensor.randn([count, noiseSize], using: &noise)
        return withNoGrad { model(z) }.reshape([count, 1, 28, 28])
    }
}
