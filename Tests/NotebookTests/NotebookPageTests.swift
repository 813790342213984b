import ChapterSupport
import Figures
import Foundation
import Testing
@testable import Notebook

@Suite struct NotebookPageTests {
    static let run = NotebookPage.Run(command: "swift run chapter-04 --quick", seconds: 12.5, date: Date(timeIntervalSince1970: 0))

    /// A transcript in which every source section printed one line, naming itself, and wrote one picture.
    static func transcript(for source: ChapterSource) -> String {
        var lines = [NotebookMarker.folder.line("/tmp/x"), NotebookMarker.title.line("Chapter 4: Test"), "Chapter 4: Test", "===============", "preamble line"]
        for (number, section) in source.sections.enumerated() {
            let title = section.title ?? "untitled"
            lines += [NotebookMarker.section.line(title), "", title, String(repeating: "-", count: title.count),
                      "output of section \(number)", NotebookMarker.file.line("figure-\(number).png")]
        }
        return lines.joined(separator: "\n")
    }

    /// On every chapter: each section's output comes after the section's own code and before the next
    /// section begins, all of it, in order, and no block is lost or repeated.
    @Test(arguments: try ChapterFolder.all(in: packageRoot))
    func outputLandsUnderItsSection(_ chapter: ChapterFolder) throws {
        let source = try ChapterSource(contentsOf: chapter.mainFile)
        let layout = NotebookLayout(source: source, transcript: RunTranscript(output: Self.transcript(for: source)))
        #expect(layout.unmatchedHeadings.isEmpty)
        let blocks = layout.items.compactMap { if case .block(let b) = $0 { b } else { nil } }
        #expect(blocks == Array(source.blocks.indices))
        let anchors = layout.items.compactMap { if case .anchor(let s) = $0 { s } else { nil } }
        #expect(anchors == Array(source.sections.indices))
        let outputs = layout.items.enumerated().compactMap { item -> (position: Int, lines: [String])? in
            if case .output(let o) = item.element { (item.offset, o.lines) } else { nil }
        }
        #expect(outputs.map(\.lines) == [["preamble line"]] + source.sections.indices.map { ["output of section \($0)"] })
        for (number, section) in source.sections.enumerated() {
            let position = outputs[number + 1].position
            let ownBlock = try #require(layout.items.firstIndex(of: .block(section.block)))
            #expect(ownBlock < position, "section \(number)'s output comes before its code")
            if number + 1 < source.sections.count, source.sections[number + 1].block > section.block {
                let nextAnchor = try #require(layout.items.firstIndex(of: .anchor(section: number + 1)))
                #expect(position < nextAnchor, "section \(number)'s output comes after the next section begins")
            }
        }
    }

    @Test func matchesHeadingsThatSkipOrRepeatSections() {
        let source = ChapterSource(fileName: "main.swift", text: """
        printSection("A")
        if false { printSection("Skipped") }
        for epoch in 1...2 { printSection("Epoch \\(epoch) of 2") }
        printSection("Z")
        """)
        let output = ["A", "Epoch 1 of 2", "Epoch 2 of 2", "Nowhere", "Z"].map { NotebookMarker.section.line($0) + "\n" + $0 + " printed" }
        let layout = NotebookLayout(source: source, transcript: RunTranscript(output: output.joined(separator: "\n")))
        let printed = layout.items.compactMap { if case .output(let o) = $0 { o.lines } else { nil } }
        #expect(printed == [["A printed"], ["Epoch 1 of 2 printed"], ["Epoch 2 of 2 printed"], ["Nowhere", "Nowhere printed"], ["Z printed"]])
        #expect(layout.unmatchedHeadings == ["Nowhere"])
    }

    /// A page from a real chapter source: well-formed, self-contained, every picture present, in reading order.
    @Test func pageIsWellFormedSelfContainedAndComplete() throws {
        let chapter = try ChapterFolder.named("chapter-03", in: packageRoot)
        let source = try ChapterSource(contentsOf: chapter.mainFile)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-page-\(UInt64.random(in: 0..<UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for number in source.sections.indices {
            try Image.white(width: 4, height: 3).writePNG(to: folder.appendingPathComponent("figure-\(number).png"))
        }
        let page = NotebookPage(source: source, otherFiles: try chapter.otherFiles().map(ChapterSource.init(contentsOf:)),
                                transcript: RunTranscript(output: Self.transcript(for: source) + "\n1 < 2 & \"quoted\""), run: Self.run,
                                index: .init(title: "Course", href: "../index.html"))
        let html = page.html()
        #expect(wellFormednessProblems(html) == [])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Printable: the print style hides the navigation and keeps each figure on one page.
        let printStyle = try #require(html.range(of: "@media print").map { String(html[$0.upperBound...]) })
        #expect(printStyle.contains("nav.top, details.contents, footer { display: none; }"))
        #expect(printStyle.contains("figure, img, tr { break-inside: avoid;"))
        #expect(html.contains("name=\"viewport\""))
        #expect(html.contains("1 &lt; 2 &amp; &quot;quoted&quot;") || html.contains("1 &lt; 2 &amp; \"quoted\""))
        // Offline: no scripts, stylesheets or fonts from anywhere, no absolute addresses for anything loaded.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(html.matches(of: /\s(src|srcset)="[a-z]+:/).isEmpty)
        let sources = imageSources(html)
        #expect(sources.count == source.sections.count)
        for image in sources {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(image.removingPercentEncoding ?? image).path), "\(image) is missing")
        }
        // Reading order: the prose that introduces a section, its code, then its output.
        let heading = try #require(html.range(of: "<h2>The data</h2>"))
        let call = try #require(html.range(of: "printSection</span>(<span class=\"string\">&quot;The data&quot;</span>)"))
        let printed = try #require(html.range(of: "output of section 0"))
        #expect(heading.lowerBound < call.lowerBound && call.lowerBound < printed.lowerBound)
        // The helper files are in the appendix.
        for file in try chapter.otherFiles() { #expect(html.contains("<h3 id=\"file-\(file.lastPathComponent)\">")) }
        #expect(html.contains("<title>Chapter 4: Test</title>"))
    }

    @Test func courseIndexLinksPagesAndShowsTheMapAndProgress() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let map = try #require(CourseIndexPage.courseMap(fromReadme: readme))
        #expect(map.contains("| chapter |"))
        #expect(!map.contains("## "))
        let html = CourseIndexPage(entries: [.init(executable: "chapter-01", title: "Chapter 1: Tensors", href: "chapter-01/index.html"),
                                             .init(executable: "chapter-02", title: "02-autodiff", href: nil)],
                                   courseMap: map, exerciseProgress: "1.1  done <ok>").html()
        #expect(wellFormednessProblems(html) == [])
        #expect(html.contains("<a href=\"chapter-01/index.html\">Chapter 1: Tensors</a>"))
        #expect(html.contains("swift run notebook chapter-02"))
        #expect(html.contains("<table>"))
        #expect(html.contains("1.1  done &lt;ok&gt;"))
    }

    @Test func checkerFindsBrokenHTML() {
        #expect(!wellFormednessProblems("<div><p>text</div>").isEmpty)
        #expect(!wellFormednessProblems("<div>").isEmpty)
        #expect(!wellFormednessProblems("<p>a < b</p>").isEmpty)
        #expect(!wellFormednessProblems("<p>a & b</p>").isEmpty)
        #expect(!wellFormednessProblems("<p class=x>a</p>").isEmpty)
        #expect(wellFormednessProblems("<!DOCTYPE html><p>a<br>b &amp; <img src=\"x\"/></p><style>a<b</style>") == [])
    }
}

@Suite struct ProseMarkdownTests {
    static func html(_ markdown: String) -> String { NotebookPage.markdown.html(from: ProseMarkdown.prepared(markdown)) }

    @Test func indentedCodeBecomesACodeBlock() {
        let html = Self.html("The value:\n\n    V(D, G) = E_{x∼p_data}[log D(x)]\n\nwhich D maximises.")
        #expect(html.contains("<pre><code>V(D, G) = E_{x∼p_data}[log D(x)]\n</code></pre>") || html.contains("<pre><code>V(D, G) = E_{x∼p_data}[log D(x)]</code></pre>"))
        #expect(html.contains("<p>which D maximises.</p>"))
    }

    @Test func listContinuationStaysInTheList() {
        let html = Self.html("1. first item that goes on\n   and on\n2. second")
        #expect(!html.contains("<pre>"))
        #expect(html.contains("<ol>"))
    }

    @Test func underscoresAndStarsInsideWordsAreText() {
        #expect(Self.html("(loss_real + loss_fake)/2 and p_data") == "<p>(loss_real + loss_fake)/2 and p_data</p>")
        #expect(Self.html("D*(x) = a / (a + b), the best D*.") == "<p>D*(x) = a / (a + b), the best D*.</p>")
        #expect(Self.html("so *minimising is maximising V*; and **bold** and `a_b*c`") ==
                "<p>so <em>minimising is maximising V</em>; and <strong>bold</strong> and <code>a_b*c</code></p>")
    }
}
