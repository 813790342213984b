import Datasets
import Foundation
import LocalHTTPServer
import TestFolders
import Testing

@Suite struct CatalogTests {
    /// A catalog that sees only the folders a test gives it.
    func catalog(_ environment: [String: String], debian: URL? = nil, samples: URL? = DatasetCatalog.embeddedSamplesDirectory) throws -> DatasetCatalog {
        var environment = environment
        if environment["HOME"] == nil { environment["HOME"] = try makeTestFolder("datasets-tests").path }
        let debianFolder = try debian ?? makeTestFolder("datasets-tests")
        return DatasetCatalog(environment: environment, debianFashionMNIST: debianFolder, samplesDirectory: samples)
    }

    /// A copy of the tiny MNIST fixture at `folder/mnist/`.
    func tinyMNIST(in folder: URL) throws -> URL {
        let target = folder.appendingPathComponent("mnist")
        try FileManager.default.copyItem(at: fixture("tiny-mnist"), to: target)
        return target
    }

    @Test func explicitDirectoryComesFirst() throws {
        let explicit = try makeTestFolder("datasets-tests"), env = try makeTestFolder("datasets-tests")
        _ = try tinyMNIST(in: explicit)
        _ = try tinyMNIST(in: env)
        let dataset = try catalog(["GAN_DATA_DIR": env.path]).load(.mnist, dataDirectory: explicit)
        #expect(dataset.count == 6)
        #expect(dataset.source.contains("data directory \(explicit.path)/mnist"))
    }

    @Test func environmentVariableComesBeforeTheCache() throws {
        let env = try makeTestFolder("datasets-tests"), cache = try makeTestFolder("datasets-tests")
        _ = try tinyMNIST(in: env)
        _ = try tinyMNIST(in: cache.appendingPathComponent("gan-course"))
        let dataset = try catalog(["GAN_DATA_DIR": env.path, "XDG_CACHE_HOME": cache.path]).load(.mnist, split: .test)
        #expect(dataset.labels == [9, 8])
        #expect(dataset.source.contains("GAN_DATA_DIR"))
    }

    @Test func cacheFollowsXDGThenHome() throws {
        let xdg = try makeTestFolder("datasets-tests"), home = try makeTestFolder("datasets-tests")
        #expect(try catalog(["XDG_CACHE_HOME": xdg.path]).cacheDirectory.path == xdg.path + "/gan-course")
        let homeCatalog = try catalog(["HOME": home.path])
        #expect(homeCatalog.cacheDirectory.path == home.path + "/.cache/gan-course")
        _ = try tinyMNIST(in: homeCatalog.cacheDirectory)
        #expect(try homeCatalog.load(.mnist).source.contains("from the cache"))
    }

    @Test func debianFolderServesFashionMNIST() throws {
        let debian = try makeTestFolder("datasets-tests")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture("tiny-mnist").path) {
            try FileManager.default.copyItem(at: fixture("tiny-mnist/" + name), to: debian.appendingPathComponent(name))
        }
        let dataset = try catalog([:], debian: debian).load(.fashionMNIST)
        #expect(dataset.count == 6)
        #expect(dataset.classNames[9] == "Ankle boot")
        #expect(dataset.source.contains("Debian"))
    }

    @Test func embeddedSamplesAreTheLastResort() throws {
        let catalog = try catalog([:])
        let mnist = try catalog.load(.mnist)
        #expect(mnist.count == 4_500 && mnist.imageShape == [1, 28, 28])
        #expect(mnist.source.hasPrefix("embedded sample: 4,500 of MNIST's 60,000 train images"))
        #expect(mnist.source.contains("--download"))
        let mnistTest = try catalog.load(.mnist, split: .test)
        #expect(mnistTest.classCounts == [Int](repeating: 50, count: 10))
        let fashion = try catalog.load(.fashionMNIST)
        #expect(fashion.count == 2_000 && fashion.classNames[0] == "T-shirt/top")
        let cifar = try catalog.load(.cifar10)
        #expect(cifar.count == 2_000 && cifar.imageShape == [3, 32, 32] && cifar.classNames[0] == "airplane")
        #expect(try catalog.load(.cifar10, split: .test).count == 100)
    }

    @Test func samplesAreDigitsNotNoise() throws {
        // A real MNIST digit is mostly black with a bright stroke: about 19 % of pixels are above 128.
        let mnist = try catalog([:]).load(.mnist)
        let bright = mnist.images.lazy.filter { $0 > 128 }.count
        let fraction = Double(bright) / Double(mnist.images.count)
        #expect(fraction > 0.1 && fraction < 0.3)
    }

    @Test func officialCIFARArchiveIsExtractedInPlace() throws {
        let folder = try makeTestFolder("datasets-tests")
        try FileManager.default.copyItem(at: fixture("tiny-cifar-archive/cifar-10-binary.tar.gz"),
                                         to: folder.appendingPathComponent("cifar-10-binary.tar.gz"))
        let train = try catalog([:]).load(.cifar10, dataDirectory: folder)
        #expect(train.labels == [4, 6])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cifar-10-batches-bin/test_batch.bin").path))
        #expect(try catalog([:]).load(.cifar10, split: .test, dataDirectory: folder).labels == [0])
    }

    @Test func halfInstalledDatasetIsAnErrorNotASilentFallback() throws {
        let folder = try makeTestFolder("datasets-tests")
        try FileManager.default.copyItem(at: fixture("tiny-mnist/train-images-idx3-ubyte.gz"),
                                         to: folder.appendingPathComponent("train-images-idx3-ubyte.gz"))
        let error = datasetError { _ = try catalog([:]).load(.mnist, dataDirectory: folder) }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.path.hasSuffix("train-labels-idx1-ubyte.gz") == true)
    }

    @Test func aNamedDataDirectoryWithoutTheDatasetIsAnErrorNotTheSample() throws {
        let empty = try makeTestFolder("datasets-tests")
        let error = datasetError { _ = try catalog([:]).load(.mnist, dataDirectory: empty) }
        #expect(error?.kind == .notInDataDirectory)
        #expect(error?.found == "an empty folder")
        #expect(error?.expected.contains("looked for in \(empty.path)/mnist and in \(empty.path)") == true)
        let missing = empty.appendingPathComponent("typo")
        #expect(datasetError { _ = try catalog([:]).load(.mnist, dataDirectory: missing) }?.found == "no such folder")
    }

    @Test func downloadWithANamedDataDirectoryFetchesIntoIt() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture("tiny-mnist").path).filter { $0.hasSuffix(".gz") }
        let bodies = try names.map { [UInt8](try Data(contentsOf: fixture("tiny-mnist/" + $0))) }
        let server = try LocalHTTPServer(routes: Dictionary(uniqueKeysWithValues: zip(names, bodies).map { ("/\($0)", .init(body: $1)) }))
        defer { server.stop() }
        var catalog = try catalog([:])
        catalog.downloader = DatasetDownloader(timeout: 10, onProgress: { _ in })
        catalog.remoteFiles = { _ in zip(names, bodies).map { RemoteFile(name: $0, mirrors: [server.url("/\($0)")], sha256: Checksum.sha256($1)) } }
        let folder = try makeTestFolder("datasets-tests").appendingPathComponent("data")
        let dataset = try catalog.load(.mnist, dataDirectory: folder, download: true)
        #expect(dataset.count == 6)
        #expect(dataset.source.contains("downloaded to \(folder.path)/mnist"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/mnist")) == Set(names))
    }

    @Test func noSamplesAndNoDataGivesAnOfflineErrorWithInstructions() throws {
        let error = datasetError { _ = try catalog([:], samples: nil).load(.mnist) }
        #expect(error?.kind == .offline)
        #expect(error?.description.contains("train-images-idx3-ubyte.gz") == true)
        #expect(error?.description.contains("/.cache/gan-course/mnist") == true)
    }

    @Test func imageDatasetHelpers() throws {
        let dataset = try catalog([:]).load(.mnist, dataDirectory: fixture("tiny-mnist"))
        let threes = dataset.filter(classes: [3])
        #expect(threes.labels == [3] && Array(threes.pixels(of: 0)) == Array(dataset.pixels(of: 3)))
        let tensor = dataset.tensor(range: 1..<3)
        #expect(tensor.shape == [2, 1, 28, 28])
        #expect(tensor[0, 0, 0, 0] == Float(7) / 127.5 - 1)   // image 1, pixel 0 is 7
        let unit = dataset.tensor(range: 1..<2, normalization: .zeroToOne)
        #expect(unit[0, 0, 0, 1] == Float(8) / 255)
    }
}
