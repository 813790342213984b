import Foundation

/// Finds a dataset on this machine — or downloads it — and says where it came from.
///
/// It looks, in this order:
/// 1. the explicit data directory (a chapter's `--data-dir`): when one is given, it is the only place
///    looked in. It must be a folder holding the dataset (in it or in its `<dataset>/` sub-folder); with
///    `download` the files are fetched into its `<dataset>/` sub-folder. Anything else is an error that
///    lists what was looked for, never a quiet fallback to another copy or to the sample,
/// 2. the folder named by the environment variable `GAN_DATA_DIR`,
/// 3. the user's cache, `$XDG_CACHE_HOME/gan-course` or `~/.cache/gan-course`,
/// 4. for Fashion-MNIST, Debian's `/usr/share/datasets/fashion-mnist/` (package `dataset-fashion-mnist`),
/// 5. when `download` is true, a fresh download into the cache,
/// 6. the small sample embedded in the package (see `Samples/README.md`), so every chapter runs offline.
///
/// In each of the first three, both `FOLDER/<dataset>/` (e.g. `FOLDER/mnist/`) and `FOLDER/` itself are tried.
public struct DatasetCatalog: Sendable {
    /// The environment to read `GAN_DATA_DIR`, `XDG_CACHE_HOME` and `HOME` from.
    public var environment: [String: String]
    /// Where Debian's `dataset-fashion-mnist` package puts its files.
    public var debianFashionMNIST: URL
    /// The folder holding the embedded samples.
    public var samplesDirectory: URL?
    public var downloader: DatasetDownloader
    /// The files a download fetches for a dataset: by default `DatasetName.remoteFiles` (the public mirrors);
    /// tests point it at a local server.
    public var remoteFiles: @Sendable (DatasetName) -> [RemoteFile]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                debianFashionMNIST: URL = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist"),
                samplesDirectory: URL? = DatasetCatalog.embeddedSamplesDirectory,
                downloader: DatasetDownloader = DatasetDownloader(),
                remoteFiles: @escaping @Sendable (DatasetName) -> [RemoteFile] = { $0.remoteFiles }) {
        self.environment = environment
        self.debianFashionMNIST = debianFashionMNIST
        self.samplesDirectory = samplesDirectory
        self.downloader = downloader
        self.remoteFiles = remoteFiles
    }

    /// Loads `name`'s `split` from the first place that has it, using the machine's environment.
    public static func load(_ name: DatasetName, split: DatasetSplit = .train,
                            dataDirectory: URL? = nil, download: Bool = false) throws -> ImageDataset {
        try DatasetCatalog().load(name, split: split, dataDirectory: dataDirectory, download: download)
    }

    /// Loads `name`'s `split` from the first place that has it; `ImageDataset.source` says which.
    public func load(_ name: DatasetName, split: DatasetSplit = .train,
                     dataDirectory: URL? = nil, download: Bool = false) throws -> ImageDataset {
        if let dataDirectory { return try load(name, split: split, onlyFrom: dataDirectory, download: download) }
        var places: [(folder: URL, label: String)] = []
        if let variable = environment["GAN_DATA_DIR"], !variable.isEmpty {
            places.append((URL(fileURLWithPath: variable), "GAN_DATA_DIR"))
        }
        places.append((cacheDirectory, "cache"))
        for place in places {
            for folder in [place.folder.appendingPathComponent(name.folderName), place.folder] {
                let source = "\(name.displayName) \(split.rawValue) from the \(place.label) \(folder.path)"
                if let dataset = try DatasetFolder.load(name, split: split, from: folder, source: source) { return dataset }
            }
        }
        if name == .fashionMNIST {
            let source = "Fashion-MNIST \(split.rawValue) from Debian's dataset-fashion-mnist (\(debianFashionMNIST.path))"
            if let dataset = try DatasetFolder.load(name, split: split, from: debianFashionMNIST, source: source) { return dataset }
        }
        if download {
            let folder = cacheDirectory.appendingPathComponent(name.folderName)
            try fetch(name, into: folder)
            let source = "\(name.displayName) \(split.rawValue), downloaded to \(folder.path)"
            if let dataset = try DatasetFolder.load(name, split: split, from: folder, source: source) { return dataset }
        }
        return try embeddedSample(name, split: split)
    }

    /// Loads `name`'s `split` from the folder the user named, downloading into it if asked; throws
    /// `DatasetError(.notInDataDirectory)` naming the folders and files looked for when it is not there.
    private func load(_ name: DatasetName, split: DatasetSplit, onlyFrom directory: URL, download: Bool) throws -> ImageDataset {
        let folders = [directory.appendingPathComponent(name.folderName), directory]
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            for folder in folders {
                let source = "\(name.displayName) \(split.rawValue) from the data directory \(folder.path)"
                if let dataset = try DatasetFolder.load(name, split: split, from: folder, source: source) { return dataset }
            }
        }
        if download && (!exists || isFolder.boolValue) {
            try fetch(name, into: folders[0])
            let source = "\(name.displayName) \(split.rawValue), downloaded to \(folders[0].path)"
            if let dataset = try DatasetFolder.load(name, split: split, from: folders[0], source: source) { return dataset }
        }
        let found: String
        if !exists {
            found = "no such folder"
        } else if !isFolder.boolValue {
            found = "a file, not a folder"
        } else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            found = names.isEmpty ? "an empty folder" : "a folder holding " + names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
        }
        throw DatasetError(.notInDataDirectory, path: directory.path,
                           expected: "a folder with \(name.displayName)'s \(split.rawValue) files "
                               + name.fileNames(split).joined(separator: " and ") + ", looked for in "
                               + folders.map(\.path).joined(separator: " and in "),
                           found: found,
                           advice: "Give --data-dir a folder that holds them, leave --data-dir out to use the usual places "
                               + "(GAN_DATA_DIR, the cache \(cacheDirectory.path), the embedded sample), or add --download to fetch them into "
                               + folders[0].path + ".")
    }

    /// Downloads every file of `name` into `folder`; offline, the error's advice lists all of the dataset's files.
    private func fetch(_ name: DatasetName, into folder: URL) throws {
        do {
            try downloader.download(name, into: folder, files: remoteFiles(name))
        } catch let error as DatasetError where error.kind == .offline {
            throw DatasetError(.offline, path: error.path, expected: error.expected, found: error.found,
                               advice: DatasetDownloader.manualAdvice(files: remoteFiles(name), folder: folder, dataset: name)
                                   + "\nOr leave out --download: the chapter then trains on the small sample embedded in the package.")
        }
    }

    /// The `Samples` folder shipped as a resource of this module.
    public static var embeddedSamplesDirectory: URL? { Bundle.module.url(forResource: "Samples", withExtension: nil) }

    /// The user's cache for downloads: `$XDG_CACHE_HOME/gan-course` or `~/.cache/gan-course`.
    public var cacheDirectory: URL {
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return URL(fileURLWithPath: cache).appendingPathComponent("gan-course")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/gan-course")
    }

    /// The sample shipped in the package. Its test split is held out from the same source (see `Samples/README.md`).
    public func embeddedSample(_ name: DatasetName, split: DatasetSplit) throws -> ImageDataset {
        guard let samplesDirectory else {
            throw DatasetError(.offline, path: name.displayName, expected: "the embedded samples in the package's resources",
                               found: "no Samples folder in the bundle",
                               advice: DatasetDownloader.manualAdvice(files: name.remoteFiles,
                                                                      folder: cacheDirectory.appendingPathComponent(name.folderName),
                                                                      dataset: name))
        }
        let folder = samplesDirectory.appendingPathComponent(name.folderName)
        guard var dataset = try DatasetFolder.load(name, split: split, from: folder, source: "") else {
            throw DatasetError(.fileNotFound, path: folder.path, expected: "the embedded \(name.displayName) sample", found: "no files")
        }
        let full = name.fullCount(split)
        let heldOut = name == .mnist && split == .test ? " (held out from the sample's training digits)" : ""
        dataset.source = "embedded sample: \(grouped(dataset.count)) of \(name.displayName)'s \(grouped(full)) \(split.rawValue) images"
            + heldOut + " — run with --download for the full set"
        return dataset
    }

    /// `60000` → `60,000`.
    private func grouped(_ n: Int) -> String {
        var digits = String(n), result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }
}
