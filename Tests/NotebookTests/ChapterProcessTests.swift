import ChapterSupport
import Foundation
import Testing
@testable import Notebook

/// The programs `swift build` put beside this test bundle (chapters and the `exercises` command).
let builtProducts: URL = {
    var folder = Bundle.main.bundleURL
    while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("chapter-02").path) {
        folder.deleteLastPathComponent()
    }
    return folder
}()

/// Thread-safe collector for what a process echoes.
final class Echoed: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

@Suite struct ChapterProcessTests {
    @Test func echoesOutputWithoutMarkersAndKeepsThemForThePage() throws {
        let echoed = Echoed()
        let script = #"printf '\036section\tOne\nvisible %s\n\036file\ta.png\nlast' "$GAN_COURSE_NOTEBOOK""#
        let result = try ChapterProcess.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script], echo: echoed.append)
        #expect(result.status == 0)
        #expect(echoed.text == "visible 1\nlast")
        #expect(result.output == "\u{1E}section\tOne\nvisible 1\n\u{1E}file\ta.png\nlast")
        let transcript = RunTranscript(output: result.output)
        #expect(transcript.sections.last?.lines == ["visible 1", "last"])
        #expect(transcript.sections.last?.files == ["a.png"])
    }

    @Test func reportsTheExitStatus() throws {
        #expect(try ChapterProcess.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "exit 3"], echo: nil).status == 3)
        #expect(throws: NotebookError.self) { try ChapterProcess.run(URL(fileURLWithPath: "/nonexistent/chapter-99"), arguments: [], echo: nil) }
    }

    /// A real chapter: run by hand it prints no marker; run for the notebook, every heading it prints
    /// is a printSection call of its source, in order, and its folder is the one asked for.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: builtProducts.appendingPathComponent("chapter-02").path),
                   "chapter-02 is built by `swift build` (CI builds everything first)"))
    func aChapterMarksItsSectionsOnlyForTheNotebook() throws {
        let program = builtProducts.appendingPathComponent("chapter-02")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-chapter-02-\(UInt64.random(in: 0..<UInt64.max))")
        let plainFolder = folder.appendingPathExtension("plain")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: plainFolder) }

        let plain = Process()
        plain.executableURL = program
        plain.arguments = ["--quick", "--output", plainFolder.path]
        plain.environment = ProcessInfo.processInfo.environment.filter { $0.key != NotebookMarker.environmentVariable }
        let pipe = Pipe()
        plain.standardOutput = pipe
        try plain.run()
        let plainOutput = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        plain.waitUntilExit()
        #expect(plain.terminationStatus == 0)
        #expect(!plainOutput.contains("\u{1E}"))

        let result = try ChapterProcess.run(program, arguments: ["--quick", "--output", folder.path], echo: nil)
        #expect(result.status == 0)
        let transcript = RunTranscript(output: result.output)
        #expect(transcript.folder == folder.standardizedFileURL.path)
        #expect(transcript.title == "Chapter 2: Autodiff" || transcript.title?.hasPrefix("Chapter 2:") == true)
        let source = try ChapterSource(contentsOf: ChapterFolder.named("chapter-02", in: packageRoot).mainFile)
        #expect(transcript.sections.dropFirst().map(\.title) == source.sections.map(\.title))
        // Without the markers, what was shown is what the chapter prints by hand, headings included
        // (as many lines: the folder's name, in some of them, differs).
        let shown = result.output.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.first != "\u{1E}" }
        #expect(shown.joined(separator: "\n").split(separator: "\n").count == plainOutput.split(separator: "\n").count)
    }
}
