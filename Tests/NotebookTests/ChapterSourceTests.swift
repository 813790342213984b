import Foundation
import Testing
@testable import Notebook

/// The package this test file belongs to.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every Swift file of every chapter folder: main.swift and any helper files.
func everyChapterFile() throws -> [URL] {
    try ChapterFolder.all(in: packageRoot).flatMap { [$0.mainFile] + (try $0.otherFiles()) }
}

@Suite struct ChapterSourceTests {
    @Test func findsEveryChapterFolder() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Chapters").path)
            .filter { $0.first?.isNumber == true }.sorted()
        let chapters = try ChapterFolder.all(in: packageRoot)
        #expect(chapters.map(\.name) == folders)
        #expect(chapters.count >= 4)
        #expect(chapters.map(\.number) == chapters.map(\.number).sorted())
        #expect(try ChapterFolder.named("chapter-04", in: packageRoot).name == "04-minimax")
        #expect(try ChapterFolder.named("4", in: packageRoot).executable == "chapter-04")
        #expect(throws: NotebookError.self) { try ChapterFolder.named("chapter-99", in: packageRoot) }
    }

    /// Every line of every chapter file lands in exactly one block, in order: code exactly as written,
    /// prose as written minus its markup, and only blank lines between blocks.
    @Test(arguments: try everyChapterFile())
    func noLineLostOrderKept(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = ChapterSource(fileName: file.lastPathComponent, text: text)
        #expect(!source.blocks.isEmpty)
        var covered = Set<Int>()
        var previousEnd = 0
        for block in source.blocks {
            #expect(block.lines.lowerBound > previousEnd, "\(file.lastPathComponent): blocks out of order at line \(block.lines.lowerBound)")
            previousEnd = block.lines.upperBound
            covered.formUnion(block.lines)
            let original = lines[(block.lines.lowerBound - 1)...(block.lines.upperBound - 1)]
            switch block.kind {
            case .code:
                #expect(block.text == original.joined(separator: "\n"))
            case .prose:
                let words = original.joined(separator: " ").replacingOccurrences(of: "/*:", with: " ").replacingOccurrences(of: "*/", with: " ")
                    .replacingOccurrences(of: "//:", with: " ").split(whereSeparator: \.isWhitespace)
                #expect(block.text.split(whereSeparator: \.isWhitespace) == words, "\(file.lastPathComponent) line \(block.lines.lowerBound): prose changed")
                #expect(!block.text.isEmpty)
            }
        }
        let uncovered = lines.indices.filter { !covered.contains($0 + 1) && !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(uncovered.isEmpty, "\(file.lastPathComponent): lines \(uncovered.map { $0 + 1 }) are in no block")
    }

    /// Every printSection call becomes a section, in source order, with its title.
    @Test(arguments: try everyChapterFile())
    func everySectionFound(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let source = ChapterSource(fileName: file.lastPathComponent, text: text)
        let callLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("printSection(") && !$0.element.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
        #expect(source.sections.map(\.line) == callLines.map { $0.offset + 1 })
        for (section, call) in zip(source.sections, callLines) {
            if let title = section.title { #expect(call.element.contains("printSection(\"\(title)\")")) }
            #expect(source.blocks[section.block].lines.contains(section.line))
        }
        if file.lastPathComponent == "main.swift" {
            #expect(!source.sections.isEmpty, "\(file.path): a chapter prints its section headings with printSection")
        }
    }

    @Test func splitsMarkupAndSectionCalls() {
        let text = """
        /*:
         # Title

         Some *prose*.

             indented code stays indented
         */
        import Foo
        let a = 1
        printSection("One")
        print(a)
        //: ## Two
        //: More prose.
        printSection("Two \\(a) and \\"quoted\\"")
        if a > 0 {
            printSection("Three")
        }
        """
        let source = ChapterSource(fileName: "main.swift", text: text)
        #expect(source.blocks.map(\.kind) == [.prose, .code, .code, .prose, .code])
        #expect(source.blocks[0].text == "# Title\n\nSome *prose*.\n\n    indented code stays indented")
        #expect(source.blocks[0].lines == 1...7)
        #expect(source.blocks[1].text == "import Foo\nlet a = 1")
        #expect(source.blocks[2].text == "printSection(\"One\")\nprint(a)")
        #expect(source.blocks[3].text == "## Two\nMore prose.")
        #expect(source.blocks[3].lines == 12...13)
        #expect(source.sections.map(\.title) == ["One", "Two \\(a) and \"quoted\"", "Three"])
        #expect(source.sections.map(\.block) == [2, 4, 4])
        #expect(source.sections.map(\.line) == [10, 14, 16])
    }
}
