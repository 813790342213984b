// Times the data pipeline against the training step it feeds.
//
//     swift run -c release loader-bench [folder-with-fashion-mnist-idx-files]
//
// Default folder: Debian's /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist).
// Budget: an MLP-GAN epoch is about 469 steps of 10–20 ms, so one loader epoch must stay well
// under 0.25 s (5 % of the epoch).
import Datasets
import Foundation
import TensorCore

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let folder = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "/usr/share/datasets/fashion-mnist")
var dataset: ImageDataset?
let parseTime = try seconds {
    dataset = try IDXReader.dataset(images: folder.appendingPathComponent("train-images-idx3-ubyte.gz"),
                                    labels: folder.appendingPathComponent("train-labels-idx1-ubyte.gz"),
                                    classNames: DatasetName.fashionMNIST.classNames, source: folder.path)
}
guard let dataset else { fatalError("unreachable") }
print("read and gunzip \(dataset.count) images of \(dataset.imageShape): \(String(format: "%.3f", parseTime)) s")

var loader = DataLoader(dataset, batchSize: 128, seed: 1)
var epochTimes: [Double] = []
var checksum: Float = 0
for _ in 0..<7 {
    epochTimes.append(seconds {
        for batch in loader.epoch() { checksum += batch.images.withUnsafeBufferPointer { $0[0] } }
    })
}
epochTimes.sort()
let median = epochTimes[epochTimes.count / 2]
print("one epoch, \(loader.count) batches of 128 (shuffled, uint8 → float32 in [-1, 1]):"
      + " median \(String(format: "%.4f", median)) s, best \(String(format: "%.4f", epochTimes[0])) s over 7 epochs")
print("budget 0.25 s (5 % of a 469-step MLP-GAN epoch at ~10 ms/step): \(median < 0.25 ? "within" : "OVER") budget"
      + "  (checksum \(checksum))")
