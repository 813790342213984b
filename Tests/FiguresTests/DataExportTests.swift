import Foundation
import Testing
import TensorCore
@testable import Figures

@Suite struct CSVTests {
    @Test func headerAndRowsRoundTripThroughText() {
        var table = CSVTable(header: ["step", "d_loss", "note, quoted"])
        table.append([0, 0.6931471805599453, 1e-5])
        table.append([100, .nan, -.infinity])
        #expect(table.text == "step,d_loss,\"note, quoted\"\n0,0.6931471805599453,1e-05\n100,nan,-inf\n")
    }

    @Test func columnsKeepTheirOrder() throws {
        let table = CSVTable(columns: ["step": [1, 2], "g_loss": [0.5, 0.25]])
        #expect(table.text == "step,g_loss\n1,0.5\n2,0.25\n")
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("log.csv")
        try table.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == table.text)
    }
}

@Suite struct NPYTests {
    @Test func headerIsPaddedTo64BytesAndEndsWithANewline() {
        let bytes = NPY.encode(Tensor.zeros([16, 1, 28, 28]))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes[10 + headerLength - 1] == UInt8(ascii: "\n"))
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (16, 1, 28, 28), }"))
        #expect(bytes.count == 10 + headerLength + 16 * 28 * 28 * 4)
    }

    @Test func oneDimensionalShapeIsAPythonOneTuple() {
        let bytes = NPY.encode(Tensor(doubles: [1, 2, 3], shape: [3]))
        #expect(String(decoding: bytes[10..<74], as: UTF8.self).contains("'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"))
    }

    @Test(arguments: [DType.float32, .float64])
    func fileRoundTripKeepsShapeTypeAndValues(dtype: DType) throws {
        var generator = SeededGenerator(seed: 7)
        let original = Tensor.randn([2, 3, 5], dtype: dtype, using: &generator)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("x.npy")
        try NPY.write(original, to: url)
        let loaded = try NPY.read(from: url)
        #expect(loaded.shape == [2, 3, 5] && loaded.dtype == dtype && loaded.doubles == original.doubles)
    }

    @Test func scalarsRoundTrip() throws {
        let loaded = try NPY.decode(NPY.encode(Tensor(3.5)))
        #expect(loaded.shape == [] && loaded.item == 3.5)
    }

    @Test func unsupportedContentsAreNamed() throws {
        var bytes = NPY.encode(Tensor([1, 2]))
        let descr = 10 + "{'descr': '".utf8.count
        bytes.replaceSubrange(descr..<descr + 3, with: Array("<i8".utf8))
        let error = #expect(throws: FigureError.self) { try NPY.decode(bytes, path: "ints.npy") }
        #expect(error == .invalidContents(path: "ints.npy", expected: "descr '<f4' or '<f8'", found: "'<i8'"))
        let truncated = Array(NPY.encode(Tensor([1, 2])).dropLast(4))
        let short = #expect(throws: FigureError.self) { try NPY.decode(truncated, path: "short.npy") }
        #expect(short?.description.contains("short.npy: expected 8 data bytes") == true)
        #expect(throws: FigureError.self) { try NPY.decode(Array("not numpy".utf8), path: "x") }
    }

    static let numpyAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not installed; skipping the numpy.load check"))
    func numpyLoadsWhatWeWrite() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("grid.npy")
        try NPY.write(Tensor.arange(0, 48).reshape([2, 1, 4, 6]), to: url)
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy, sys; a = numpy.load(sys.argv[1]); print(a.shape, a.dtype, float(a.sum()))", url.path]
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed == "(2, 1, 4, 6) float32 1128.0\n")
    }
}
