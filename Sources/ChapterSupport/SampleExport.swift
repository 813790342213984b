import Figures
import Foundation
import TensorCore

/// `--export-samples PATH --samples N`: writes N generated images to PATH as one float32 `.npy` array, the layout the
/// course's outside judges (`Scripts/judge_samples.py`, `Scripts/judge_cifar_samples.py`) read, and says so. A PATH
/// inside the run's output folder is listed with the run's other files.
///
/// The images come from `generate(n, seed)` in batches of at most 1,000, the batch starting at image `i` with seed
/// `seed + 1000 + i`, so a run exports the same images whatever else it did, and memory stays bounded for large N.
public func exportSamples(count: Int, to url: URL, seed: UInt64, output: OutputFolder,
                          _ generate: (_ count: Int, _ seed: UInt64) -> Tensor) {
    printSection("Samples for an outside judge")
    let samples = Tensor.concat(stride(from: 0, to: count, by: 1000).map { start in
        generate(min(1000, count - start), seed &+ 1000 &+ UInt64(start))
    }, axis: 0)
    exitOnError { try NPY.write(samples, to: url) }
    if let name = output.name(of: url) { output.record(name) }
    print("Wrote \(count) samples \(samples.shape) to \(url.path).")
}
