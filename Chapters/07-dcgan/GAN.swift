import ChapterSupport
import Figures
import Foundation
import NeuralNetworks
import TensorCore

/// The two players and their optimisers, with the step and epoch reached: everything a checkpoint holds.
final class DCGAN {
    let generator: Sequential
    let discriminator: Sequential
    let optimizerG: Adam
    let optimizerD: Adam
    /// The channels of G's last hidden layer and D's first layer (`--width`).
    let width: Int
    /// Steps and epochs completed.
    var step = 0
    var epoch = 0

    /// Fresh models of `width` drawn from `seed` (the same seed gives the same weights).
    init(seed: UInt64, width: Int = defaultWidth) {
        self.width = width
        var generator = SeededGenerator(seed: seed)
        self.generator = makeGenerator(width: width, using: &generator)
        discriminator = makeDiscriminator(width: width, using: &generator)
        optimizerG = makeOptimizer(for: self.generator)
        optimizerD = makeOptimizer(for: discriminator)
    }

    /// Parameters, BatchNorm running statistics and both optimisers' moments.
    private var checkpoint: TrainingCheckpoint {
        var checkpoint = TrainingCheckpoint()
        checkpoint.add(generator.namedParameters() + generator.namedBuffers(), prefix: "generator")
        checkpoint.add(discriminator.namedParameters() + discriminator.namedBuffers(), prefix: "discriminator")
        checkpoint.add(optimizerG, name: "optimizerG")
        checkpoint.add(optimizerD, name: "optimizerD")
        return checkpoint
    }

    /// Writes G, D, both optimisers, the step and epoch, `metadata` and the run's `history` tables to `url`, atomically.
    func save(to url: URL, metadata: [String: String], history: [String: CSVTable]) throws {
        var checkpoint = checkpoint
        checkpoint.metadata = metadata.merging(["step": String(step), "epoch": String(epoch), "chapter": "07", "width": String(width)]) { $1 }
        checkpoint.addHistory(history)
        try checkpoint.save(to: url)
    }

    /// Restores everything `save` wrote; returns the checkpoint's metadata.
    func restore(from url: URL) throws -> [String: String] {
        let metadata = try checkpoint.restore(from: url)
        guard metadata["chapter"] == "07", let step = metadata["step"].flatMap(Int.init), let epoch = metadata["epoch"].flatMap(Int.init) else {
            throw CheckpointMetadataError(file: url.path, found: "chapter \(metadata["chapter"] ?? "missing"), "
                                              + "step \(metadata["step"] ?? "missing"), epoch \(metadata["epoch"] ?? "missing")")
        }
        self.step = step
        self.epoch = epoch
        return metadata
    }

    /// `count` images `[count, 3, 32, 32]` from noise drawn with `seed`.
    func sample(_ count: Int, seed: UInt64) -> Tensor {
        var noise = SeededGenerator(seed: seed)
        return sample(Tensor.randn([count, noiseSize], using: &noise))
    }

    /// The generator's images `[N, 3, 32, 32]` in (−1, 1) for noise `z` `[N, 100]`: without gradients, in
    /// evaluation mode (BatchNorm uses its running statistics, so an image does not depend on the rest of
    /// its batch), in chunks of 500. The generator goes back to training mode afterwards.
    func sample(_ z: Tensor) -> Tensor {
        generator.eval()
        defer { generator.train() }
        return withNoGrad {
            Tensor.concat(stride(from: 0, to: z.shape[0], by: 500).map { start in
                generator(z.narrow(axis: 0, start: start, length: min(500, z.shape[0] - start)))
            }, axis: 0)
        }
    }
}

/// A file given to `--resume` that is not a chapter-07 training checkpoint.
struct CheckpointMetadataError: Error, CustomStringConvertible {
    let file: String
    let found: String
    var description: String { "\(file): expected a chapter-07 training checkpoint (metadata chapter 07, step, epoch), found \(found)" }
}
