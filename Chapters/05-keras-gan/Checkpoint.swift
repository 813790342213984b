import ChapterSupport
import Figures
import Foundation
import NeuralNetworks

// The checkpoint uses the core's `TrainingCheckpoint`; this file imports the core alone, since the core and
// KerasStyle both name a `Sequential`, a `LeakyReLU` and an `Adam`.

extension KerasGAN {
    private var checkpoint: TrainingCheckpoint {
        var checkpoint = TrainingCheckpoint()
        checkpoint.add(generator.namedParameters() + generator.namedBuffers(), prefix: "generator")
        checkpoint.add(discriminator.namedParameters(), prefix: "discriminator")
        checkpoint.add(discriminator.compilation!.optimizer, name: "optimizerD")
        checkpoint.add(combined.compilation!.optimizer, name: "optimizerCombined")
        return checkpoint
    }

    /// Writes G (with its moving statistics), D, both optimisers, the step and epoch, `metadata` and the run's
    /// `history` tables, atomically.
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

    /// The generator's weights alone, for `generator.safetensors`.
    func saveGenerator(to url: URL, metadata: [String: String]) throws {
        try saveSafetensors((generator.namedParameters() + generator.namedBuffers()).map { ($0.name, $0.tensor) }, metadata: metadata, to: url)
    }
}

/// A training checkpoint without the step and epoch this chapter writes into it.
struct CheckpointMetadataError: Error, CustomStringConvertible {
    let file: String
    let found: String
    var description: String { "\(file): expected a chapter-05 training checkpoint with 'step' and 'epoch' metadata, found \(found)" }
}
