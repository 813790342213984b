import TensorCore

/// Serves a dataset in mini-batches, shuffled reproducibly, one epoch at a time.
///
///     var loader = DataLoader(dataset, batchSize: 128, seed: 42)
///     for batch in loader.epoch() { train(batch.images, batch.labels) }   // images: [128, C, H, W] in [-1, 1]
///
/// Images come out as `float32` normalised to [-1, 1] by default, the range of a `tanh` generator.
/// Pitfall: the classifier recipe `Normalize((0.1307,), (0.3081,))` (MNIST's mean and std) gives
/// values in about [-0.42, 2.82], which a tanh generator can never produce; the discriminator then
/// wins on brightness alone. See `PixelNormalization`.
///
/// Each call to `epoch()` draws a new order from the loader's `SeededGenerator`, so epoch 1 and
/// epoch 2 differ, and the same seed gives the same batches on every run.
public struct DataLoader: Sendable {
    /// One mini-batch: images `[B, C, H, W]` and their labels.
    public struct Batch: @unchecked Sendable {
        public let images: Tensor
        public let labels: [Int]
    }

    public let dataset: ImageDataset
    public let batchSize: Int
    public let shuffle: Bool
    /// Whether a last, smaller batch is left out (a GAN step wants equal batches).
    public let dropLast: Bool
    public let normalization: PixelNormalization
    private var generator: SeededGenerator
    private let converter: PixelConverter

    public init(_ dataset: ImageDataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = true,
                normalization: PixelNormalization = .minusOneToOne, generator: SeededGenerator) {
        require(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.normalization = normalization
        self.generator = generator
        converter = PixelConverter(normalization)
    }

    /// A loader whose shuffling starts from `SeededGenerator(seed: seed)`.
    public init(_ dataset: ImageDataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = true,
                normalization: PixelNormalization = .minusOneToOne, seed: UInt64 = 0) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast,
                  normalization: normalization, generator: SeededGenerator(seed: seed))
    }

    /// Number of batches in one epoch.
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The batches of the next epoch, in a fresh order when `shuffle` is on.
    public mutating func epoch() -> Epoch {
        var order = Array(0..<dataset.count)
        if shuffle {
            // Fisher–Yates, written out so the order depends only on the generator, not on the Swift version.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
        }
        return Epoch(loader: self, order: order)
    }

    /// One pass over the dataset; iterate it with `for batch in …`.
    public struct Epoch: Sequence, IteratorProtocol, Sendable {
        private let loader: DataLoader
        /// The image indices in the order this epoch serves them.
        public let order: [Int]
        private var position = 0

        init(loader: DataLoader, order: [Int]) {
            self.loader = loader
            self.order = order
        }

        /// Number of batches in this epoch.
        public var count: Int { loader.count }

        public mutating func next() -> Batch? {
            let size = Swift.min(loader.batchSize, order.count - position)
            guard size > 0, !(loader.dropLast && size < loader.batchSize) else { return nil }
            let indices = Array(order[position..<(position + size)])
            position += size
            let dataset = loader.dataset
            let images = Tensor(uninitializedShape: [size] + dataset.imageShape)
            loader.converter.convert(dataset.images, indices: indices, pixelsPerImage: dataset.pixelsPerImage,
                                     into: images.pointer(Float.self))
            return Batch(images: images, labels: indices.map { dataset.labels[$0] })
        }
    }
}
