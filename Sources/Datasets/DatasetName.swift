import Foundation

/// The datasets the course knows how to find, read and download.
public enum DatasetName: String, CaseIterable, Sendable {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case cifar10

    /// The name people write, e.g. "Fashion-MNIST".
    public var displayName: String {
        switch self {
        case .mnist: "MNIST"
        case .fashionMNIST: "Fashion-MNIST"
        case .cifar10: "CIFAR-10"
        }
    }

    /// The sub-folder of a data directory or cache that holds this dataset's files.
    public var folderName: String { rawValue }

    /// The class names, label 0 first.
    public var classNames: [String] {
        switch self {
        case .mnist: (0...9).map(String.init)
        case .fashionMNIST: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        case .cifar10: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
        }
    }

    /// The files that hold `split` in a data folder, as people look for them: `train-images-idx3-ubyte[.gz]`.
    public func fileNames(_ split: DatasetSplit) -> [String] {
        switch self {
        case .mnist, .fashionMNIST:
            let prefix = split == .train ? "train" : "t10k"
            return ["\(prefix)-images-idx3-ubyte[.gz]", "\(prefix)-labels-idx1-ubyte[.gz]"]
        case .cifar10:
            return [split == .train ? "data_batch_1.bin … data_batch_5.bin[.gz]" : "test_batch.bin[.gz]",
                    "(or cifar-10-binary.tar.gz)"]
        }
    }

    /// Number of images in the full split.
    public func fullCount(_ split: DatasetSplit) -> Int {
        switch (self, split) {
        case (.cifar10, .train): 50_000
        case (_, .train): 60_000
        case (_, .test): 10_000
        }
    }

    /// The files to download, with their mirrors and published SHA-256 checksums.
    ///
    /// Checksums are those TensorFlow Datasets publishes in `tensorflow_datasets/url_checksums/`
    /// (`mnist.txt`, `fashion_mnist.txt`, `cifar10.txt`).
    public var remoteFiles: [RemoteFile] {
        switch self {
        case .mnist:
            let mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"]
            return [
                RemoteFile("train-images-idx3-ubyte.gz", mirrors, byteCount: 9_912_422,
                           sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                RemoteFile("train-labels-idx1-ubyte.gz", mirrors, byteCount: 28_881,
                           sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                RemoteFile("t10k-images-idx3-ubyte.gz", mirrors, byteCount: 1_648_877,
                           sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                RemoteFile("t10k-labels-idx1-ubyte.gz", mirrors, byteCount: 4_542,
                           sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            ]
        case .fashionMNIST:
            let mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                           "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"]
            return [
                RemoteFile("train-images-idx3-ubyte.gz", mirrors, byteCount: 26_421_880,
                           sha256: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                RemoteFile("train-labels-idx1-ubyte.gz", mirrors, byteCount: 29_515,
                           sha256: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                RemoteFile("t10k-images-idx3-ubyte.gz", mirrors, byteCount: 4_422_102,
                           sha256: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                RemoteFile("t10k-labels-idx1-ubyte.gz", mirrors, byteCount: 5_148,
                           sha256: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
            ]
        case .cifar10:
            return [RemoteFile("cifar-10-binary.tar.gz", ["https://www.cs.toronto.edu/~kriz/"], byteCount: 170_052_171,
                               sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")]
        }
    }
}

/// Which part of a dataset: the training images or the held-out test images.
public enum DatasetSplit: String, CaseIterable, Sendable {
    case train
    case test
}
