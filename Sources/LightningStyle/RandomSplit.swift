import Datasets
import TensorCore

/// Splits `dataset` into disjoint random subsets of the given sizes, like `torch.utils.data.random_split`:
/// one seeded permutation, cut in order. The same seed gives the same split on every run.
public func randomSplit(_ dataset: ImageDataset, lengths: [Int], seed: UInt64) throws -> [ImageDataset] {
    guard lengths.allSatisfy({ $0 >= 0 }), lengths.reduce(0, +) == dataset.count else {
        throw LightningError.badSplit("randomSplit: the lengths \(lengths) should be ≥ 0 and add up to the dataset's \(dataset.count) images, "
                                      + "they add up to \(lengths.reduce(0, +))")
    }
    let order = permutation(dataset.count, seed: seed)
    var start = 0
    return lengths.map { length in
        defer { start += length }
        return dataset.subset(Array(order[start..<(start + length)]))
    }
}

/// Splits by fractions that add up to 1, as `random_split(ds, [0.9, 0.1])` does in PyTorch ≥ 1.13: each part gets
/// ⌊fraction · count⌋ images and the images left over go one each to the first parts.
public func randomSplit(_ dataset: ImageDataset, fractions: [Double], seed: UInt64) throws -> [ImageDataset] {
    try randomSplit(dataset, lengths: splitLengths(dataset.count, fractions: fractions), seed: seed)
}

/// The part sizes `random_split` gives `count` items for `fractions` (adding up to 1): ⌊fraction · count⌋ each,
/// and the items left over one each to the first parts.
public func splitLengths(_ count: Int, fractions: [Double]) throws -> [Int] {
    guard fractions.allSatisfy({ $0 >= 0 && $0 <= 1 }), abs(fractions.reduce(0, +) - 1) < 1e-9 else {
        throw LightningError.badSplit("randomSplit: the fractions \(fractions) should lie in [0, 1] and add up to 1")
    }
    var lengths = fractions.map { Int((Double(count) * $0).rounded(.down)) }
    var index = 0
    while lengths.reduce(0, +) < count {
        lengths[index % lengths.count] += 1
        index += 1
    }
    return lengths
}

/// 0..<count in a random order drawn from `seed` (Fisher–Yates).
func permutation(_ count: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var order = Array(0..<count)
    for i in stride(from: count - 1, to: 0, by: -1) {
        order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
    }
    return order
}
