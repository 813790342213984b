import Foundation

/// Reads one dataset split from a folder laid out the standard way, if the folder holds it.
///
/// MNIST and Fashion-MNIST: `train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`, `t10k-…`.
/// CIFAR-10: `data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin` (each optionally `.gz`),
/// `batches.meta.txt`, directly in the folder or in `cifar-10-batches-bin/`; an official
/// `cifar-10-binary.tar.gz` found in the folder is extracted first.
enum DatasetFolder {
    /// The split, or `nil` when the folder does not have its files. Throws when files are there but wrong.
    static func load(_ name: DatasetName, split: DatasetSplit, from folder: URL, source: String) throws -> ImageDataset? {
        switch name {
        case .mnist, .fashionMNIST: try loadIDX(name, split: split, from: folder, source: source)
        case .cifar10: try loadCIFAR(split: split, from: folder, source: source)
        }
    }

    private static func loadIDX(_ name: DatasetName, split: DatasetSplit, from folder: URL, source: String) throws -> ImageDataset? {
        let prefix = split == .train ? "train" : "t10k"
        let imagesName = "\(prefix)-images-idx3-ubyte", labelsName = "\(prefix)-labels-idx1-ubyte"
        let images = FileBytes.existing(imagesName, in: folder), labels = FileBytes.existing(labelsName, in: folder)
        switch (images, labels) {
        case (nil, nil):
            return nil
        case let (images?, labels?):
            return try IDXReader.dataset(images: images, labels: labels, classNames: name.classNames, source: source)
        case let (found?, nil), let (nil, found?):
            let missing = images == nil ? imagesName : labelsName
            throw DatasetError(.fileNotFound, path: folder.appendingPathComponent(missing + ".gz").path,
                               expected: "\(missing)[.gz] next to \(found.lastPathComponent)", found: "no such file")
        }
    }

    private static func loadCIFAR(split: DatasetSplit, from folder: URL, source: String) throws -> ImageDataset? {
        let archive = folder.appendingPathComponent("cifar-10-binary.tar.gz")
        let nested = folder.appendingPathComponent("cifar-10-batches-bin")
        let names = split == .train ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
        func batches() -> (URL, [URL]) {
            for candidate in [folder, nested] {
                let found = names.compactMap { FileBytes.existing($0, in: candidate) }
                if !found.isEmpty { return (candidate, found) }
            }
            return (folder, [])
        }
        var (batchFolder, files) = batches()
        if files.isEmpty, FileManager.default.fileExists(atPath: archive.path) {
            try TarArchive.extract(archive: archive, into: folder)
            (batchFolder, files) = batches()
        }
        guard !files.isEmpty else { return nil }
        let meta = batchFolder.appendingPathComponent("batches.meta.txt")
        let classNames = FileManager.default.fileExists(atPath: meta.path)
            ? try CIFARReader.parseClassNames(String(decoding: FileBytes.read(meta), as: UTF8.self), path: meta.path)
            : DatasetName.cifar10.classNames
        return try CIFARReader.dataset(batches: files, classNames: classNames, source: source)
    }
}
