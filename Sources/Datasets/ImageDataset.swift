import TensorCore

/// A labelled set of small images held as 8-bit pixels, the way they are stored on disk.
///
/// Pixels stay `UInt8` (a quarter of the memory of `Float`); `tensor(range:)` and `DataLoader`
/// convert them to normalised `float32` batches when they are needed.
public struct ImageDataset: Sendable {
    /// All pixels, row-major N×C×H×W, 0 = black, 255 = white.
    public let images: [UInt8]
    /// The class of each image, an index into `classNames`.
    public let labels: [Int]
    public let classNames: [String]
    public let channels: Int
    public let height: Int
    public let width: Int
    /// Where the data came from, for the chapters to print.
    public var source: String

    public init(images: [UInt8], labels: [Int], classNames: [String],
                channels: Int, height: Int, width: Int, source: String) {
        require(images.count == labels.count * channels * height * width,
                     "ImageDataset: \(images.count) pixels do not hold \(labels.count) images of \(channels)×\(height)×\(width)")
        self.images = images
        self.labels = labels
        self.classNames = classNames
        self.channels = channels
        self.height = height
        self.width = width
        self.source = source
    }

    /// Number of images.
    public var count: Int { labels.count }
    /// Pixels per image (C·H·W).
    public var pixelsPerImage: Int { channels * height * width }
    /// The shape of one image, `[C, H, W]`.
    public var imageShape: [Int] { [channels, height, width] }

    /// The pixels of image `index`.
    public func pixels(of index: Int) -> ArraySlice<UInt8> {
        require(index >= 0 && index < count, "image index \(index) out of range 0..<\(count)")
        return images[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
    }

    /// How many images each class has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageDataset {
        let size = pixelsPerImage
        var pixels = [UInt8]()
        pixels.reserveCapacity(indices.count * size)
        for i in indices { pixels.append(contentsOf: self.pixels(of: i)) }
        return ImageDataset(images: pixels, labels: indices.map { labels[$0] }, classNames: classNames,
                            channels: channels, height: height, width: width, source: source)
    }

    /// Only the images whose label is in `classes`, e.g. `filter(classes: [3])` for the digit three.
    public func filter(classes: Set<Int>) -> ImageDataset {
        subset(labels.indices.filter { classes.contains(labels[$0]) })
    }

    /// Images `range` as a `float32` tensor `[n, C, H, W]`, normalised with `normalization`.
    public func tensor(range: Range<Int>, normalization: PixelNormalization = .minusOneToOne) -> Tensor {
        require(range.lowerBound >= 0 && range.upperBound <= count, "tensor(range:): \(range) is outside 0..<\(count)")
        return tensor(indices: Array(range), normalization: normalization)
    }

    /// Images at `indices` as a `float32` tensor `[n, C, H, W]`, normalised with `normalization`.
    public func tensor(indices: [Int], normalization: PixelNormalization = .minusOneToOne) -> Tensor {
        let batch = Tensor(uninitializedShape: [indices.count] + imageShape)
        PixelConverter(normalization).convert(images, indices: indices, pixelsPerImage: pixelsPerImage,
                                              into: batch.pointer(Float.self))
        return batch
    }
}
