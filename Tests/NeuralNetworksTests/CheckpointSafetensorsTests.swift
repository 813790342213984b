import Foundation
import TestFolders
import Testing
import TensorCore
@testable import NeuralNetworks

/// A hand-made safetensors file: the 8-byte length, `header` as given, then `data`.
func handMadeFile(header: String, data: [UInt8] = [], announcedLength: UInt64? = nil, in folder: URL) throws -> URL {
    var bytes: [UInt8] = []
    withUnsafeBytes(of: (announcedLength ?? UInt64(header.utf8.count)).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    let url = folder.appendingPathComponent("hand-made.safetensors")
    try Data(bytes).write(to: url)
    return url
}

/// The error `body` throws, or `nil`.
func thrownError(_ body: () throws -> Void) -> (any Error)? {
    do { try body(); return nil } catch { return error }
}

@Suite struct CheckpointSafetensorsTests {
    @Test func roundTripKeepsValuesShapesTypesAndMetadata() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("model.safetensors")
        let weight = Tensor([1.5, -2, 3.25, 1e-30, .greatestFiniteMagnitude, -0.0], shape: [2, 3])
        let precise = Tensor(doubles: [1.0 / 3, -2e-300], shape: [2, 1])
        try saveSafetensors([("layer.weight", weight), ("precise", precise), ("scalar", Tensor(7)), ("empty", .zeros([0, 4]))],
                            metadata: ["epoch": "12", "note": "ünïcode / \"quoted\""], to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.tensors["layer.weight"]?.scalars == weight.scalars)
        #expect(file.tensors["layer.weight"]?.shape == [2, 3])
        #expect(file.tensors["precise"]?.dtype == .float64)
        #expect(file.tensors["precise"]?.doubles == [1.0 / 3, -2e-300])
        #expect(file.tensors["scalar"]?.shape == [])
        #expect(file.tensors["scalar"]?.item == 7)
        #expect(file.tensors["empty"]?.shape == [0, 4])
        #expect(file.metadata == ["epoch": "12", "note": "ünïcode / \"quoted\""])

        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((8 + headerLength) % 8 == 0, "the data section starts 8-byte aligned, as Python's writer does")
        #expect(bytes.count == 8 + headerLength + 6 * 4 + 2 * 8 + 4)
    }

    @Test func loadsAFileWrittenByPythonSafetensors() throws {
        let file = try SafetensorsFile(contentsOf: fixtureURL("checkpoints/torch_written.safetensors"))
        #expect(file.tensors["weight"]?.shape == [2, 3])
        #expect(file.tensors["weight"]?.scalars == [-0.5, -0.25, 0, 0.25, 0.5, 0.75])
        #expect(file.tensors["bias"]?.scalars == [1.5, -2.25])
        #expect(file.tensors["double"]?.dtype == .float64)
        #expect(file.tensors["double"]?.doubles == [1.0 / 3])
        #expect(file.tensors["scalar"]?.shape == [])
        #expect(file.tensors["nested/name.with dots"]?.shape == [0, 2])
        #expect(file.metadata == ["written_by": "safetensors.torch.save_file", "epoch": "3"])
    }

    @Test func pythonSafetensorsLoadsAFileWrittenHere() throws {
        guard pythonCan("import numpy, safetensors.numpy") else {
            print("note: skipped pythonSafetensorsLoadsAFileWrittenHere: python3 with numpy and safetensors is not available")
            return
        }
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("for python.safetensors")
        try saveSafetensors([("w", Tensor([1, 2, 3, 4.5], shape: [2, 2])), ("d", Tensor(doubles: [0.1], shape: [1]))],
                            metadata: ["k": "v"], to: url)
        let script = """
        import sys, safetensors.numpy as s, safetensors
        t = s.load_file(sys.argv[1])
        with safetensors.safe_open(sys.argv[1], "np") as f: m = f.metadata()
        print(t["w"].dtype, list(t["w"].shape), float(t["w"].sum()), t["d"].dtype, repr(float(t["d"][0])), m)
        """
        let output = try runPython(script, arguments: [url.path])
        #expect(output == "float32 [2, 2] 10.5 float64 0.1 {'k': 'v'}\n")
    }

    @Test func fillsAModelsTensorsInPlaceByName() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("model.safetensors")
        try saveSafetensors([("w", Tensor([1, 2, 3, 4], shape: [2, 2])), ("b", Tensor(doubles: [0.5, 0.25], shape: [2]))], to: url)
        let w = Tensor.zeros([2, 2]).requiringGrad(), b = Tensor.zeros([2])
        let metadata = try loadSafetensors(into: [("w", w), ("b", b)], from: url)
        #expect(w.scalars == [1, 2, 3, 4])
        #expect(w.requiresGrad)
        #expect(b.dtype == .float32 && b.scalars == [0.5, 0.25], "F64 values are rounded into the float32 tensor")
        #expect(metadata.isEmpty)
    }

    @Test func missingNameOrWrongShapeIsReportedAndChangesNothing() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("model.safetensors")
        try saveSafetensors([("w", Tensor([1, 2, 3, 4], shape: [2, 2]))], to: url)
        let w = Tensor.zeros([2, 2]), v = Tensor.zeros([4])

        let missing = thrownError { try loadSafetensors(into: [("w", w), ("bias", v)], from: url) }
        #expect(missing as? SafetensorsError == .missingTensor(file: url.path, tensor: "bias", available: ["w"]))
        #expect(w.scalars == [0, 0, 0, 0], "nothing is loaded when one tensor is missing")

        let wrongShape = thrownError { try loadSafetensors(into: [("w", v)], from: url) }
        #expect(wrongShape as? SafetensorsError == .shapeMismatch(file: url.path, tensor: "w", expected: [4], found: [2, 2]))
        #expect("\(wrongShape!)" == "\(url.path): tensor 'w' has shape [2, 2], expected [4]")
    }

    @Test func corruptFilesGiveTheDocumentedErrors() throws {
        let folder = try makeTestFolder("neural-networks-tests")
        let good = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        func error(header: String, data: [UInt8] = Array(repeating: 0, count: 8), announced: UInt64? = nil) throws -> SafetensorsError? {
            let url = try handMadeFile(header: header, data: data, announcedLength: announced, in: folder)
            return thrownError { _ = try SafetensorsFile(contentsOf: url) } as? SafetensorsError
        }
        let path = folder.appendingPathComponent("hand-made.safetensors").path

        #expect(try error(header: good) == nil, "the well-formed file loads")
        #expect(try error(header: good, announced: 1000) == .truncatedHeader(file: path, announcedHeaderBytes: 1000, fileBytes: 8 + good.utf8.count + 8))
        #expect(try error(header: "", data: [], announced: 0) == .badHeader(file: path, reason: "the 0 header bytes are not valid JSON"))
        #expect(try error(header: "{\"w\": [1, 2") == .badHeader(file: path, reason: "the 11 header bytes are not valid JSON"))
        if case .badHeader = try error(header: "[1, 2]") {} else { Issue.record("a JSON array is not a header") }
        if case .badHeader = try error(header: #"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#) {} else {
            Issue.record("a fractional shape is not a header")
        }
        if case .badHeader = try error(header: #"{"__metadata__":{"k":1}}"#) {} else { Issue.record("metadata must be strings") }
        #expect(try error(header: #"{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#) == .unsupportedDType(file: path, tensor: "w", dtype: "I64"))
        #expect(try error(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#) == .badOffsets(file: path, tensor: "w", offsets: [4, 12], expectedBytes: 8, dataBytes: 8))
        #expect(try error(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#) == .badOffsets(file: path, tensor: "w", offsets: [0, 8], expectedBytes: 12, dataBytes: 8))
        #expect(try error(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#) == .badOffsets(file: path, tensor: "w", offsets: [8, 0], expectedBytes: 8, dataBytes: 8))

        let short = folder.appendingPathComponent("short.safetensors")
        try Data([1, 2, 3]).write(to: short)
        #expect(thrownError { _ = try SafetensorsFile(contentsOf: short) } as? SafetensorsError
                == .truncatedHeader(file: short.path, announcedHeaderBytes: 0, fileBytes: 3))
        let absent = folder.appendingPathComponent("absent.safetensors")
        guard case .unreadable(let file, _) = thrownError({ _ = try loadSafetensors(from: absent) }) as? SafetensorsError else {
            Issue.record("a missing file is unreadable"); return
        }
        #expect(file == absent.path)
    }

    @Test func aWriteIntoAMissingFolderThrowsAndCreatesNothing() throws {
        let url = try makeTestFolder("neural-networks-tests").appendingPathComponent("no such folder/model.safetensors")
        let error = thrownError { try saveSafetensors([("w", Tensor([1]))], to: url) }
        guard case .unwritable(let file, let reason) = error as? SafetensorsError else { Issue.record("expected unwritable, got \(String(describing: error))"); return }
        #expect(file == url.path)
        #expect(reason.contains("No such file or directory"))
    }

    @Test func aFailedWriteLeavesTheOldCheckpointIntact() throws {
        let folder = try makeTestFolder("neural-networks-tests")
        let url = folder.appendingPathComponent("model.safetensors")
        try saveSafetensors([("w", Tensor([1, 2]))], to: url)
        let before = try Data(contentsOf: url)

        struct SimulatedCrash: Error {}
        let newFile = SafetensorsFile.encode([("w", Tensor([3, 4, 5]))], metadata: [:])
        #expect(throws: SimulatedCrash.self) { try writeAtomically(newFile, to: url, beforeRename: { throw SimulatedCrash() }) }
        #expect(try Data(contentsOf: url) == before, "the old checkpoint is untouched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"], "no temporary file is left behind")

        try writeAtomically(newFile, to: url)
        #expect(try loadSafetensors(from: url)["w"]?.scalars == [3, 4, 5], "a write that completes replaces the file")
    }

    @Test func aWriteIntoAReadOnlyFolderThrowsAndKeepsTheOldFile() throws {
        guard getuid() != 0 else {
            print("note: skipped aWriteIntoAReadOnlyFolderThrowsAndKeepsTheOldFile: root ignores folder permissions")
            return
        }
        let folder = try makeTestFolder("neural-networks-tests")
        let url = folder.appendingPathComponent("model.safetensors")
        try saveSafetensors([("w", Tensor([1, 2]))], to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        #expect(throws: SafetensorsError.self) { try saveSafetensors([("w", Tensor([9]))], to: url) }
        #expect(try loadSafetensors(from: url)["w"]?.scalars == [1, 2])
    }
}

/// Whether `python3 -c code` exits successfully.
func pythonCan(_ code: String) -> Bool {
    (try? runPython(code, arguments: [])) != nil
}

/// Runs `python3 -c script arguments…` and returns its standard output; throws if it cannot start or fails.
func runPython(_ script: String, arguments: [String]) throws -> String {
    struct PythonFailed: Error { let status: Int32 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
    return String(decoding: data, as: UTF8.self)
}
