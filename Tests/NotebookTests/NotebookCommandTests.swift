import Foundation
import Testing
@testable import Notebook

/// `notebook` itself, run as a student runs it (with --no-build: the test build has made the programs).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: builtProducts.appendingPathComponent("notebook").path)
                    && FileManager.default.isExecutableFile(atPath: builtProducts.appendingPathComponent("chapter-02").path),
                "notebook and chapter-02 are built by `swift build` (CI builds everything first)"))
struct NotebookCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = builtProducts.appendingPathComponent("notebook")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("notebook-command-\(UInt64.random(in: 0..<UInt64.max))")
    }

    @Test func writesThePageAndTheCourseIndex() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.run(["--no-build", "chapter-02", "--quick", "--output", root.appendingPathComponent("chapter-02").path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(!result.output.contains("\u{1E}"), "markers reached the terminal")
        #expect(result.output.contains("A computational graph"), "the chapter's output is shown as it runs")
        let page = try String(contentsOf: root.appendingPathComponent("chapter-02/index.html"), encoding: .utf8)
        #expect(wellFormednessProblems(page) == [])
        #expect(page.contains("swift run chapter-02 --quick"))
        #expect(page.contains("Output: A computational graph"))
        let index = try String(contentsOf: root.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"chapter-02/index.html\">"))
        #expect(index.contains("swift run notebook chapter-01"), "a chapter without a page says how to make one")
        #expect(index.contains("Exercises, checked against"))
    }

    @Test func refusesAnUnknownChapterBeforeRunningAnything() throws {
        let result = try Self.run(["--no-build", "chapter-99"])
        #expect(result.status != 0)
        #expect(result.errors.contains("no chapter \"chapter-99\": expected one of chapter-01"))
    }

    @Test func writesNoPageWhenTheChapterFails() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.run(["--no-build", "chapter-02", "--output", root.appendingPathComponent("chapter-02").path, "--no-such-option"])
        #expect(result.status != 0)
        #expect(result.errors.contains("chapter-02 stopped with status"))
        #expect(result.errors.contains("--no-such-option"), "the chapter's own message is shown")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("chapter-02/index.html").path))
    }
}
