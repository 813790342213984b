import Foundation
import Ink
import Plot

/// A chapter's notebook page: its prose rendered as Markdown, each code block highlighted, each
/// section's printed output and figures under the code that made them, and the chapter's other
/// source files in an appendix. One self-contained HTML file that refers only to files beside it.
public struct NotebookPage {
    /// How the run that made the page went.
    public struct Run: Sendable {
        /// The command, as a student would type it: `swift run chapter-04 --quick`.
        public let command: String
        public let seconds: Double
        public let date: Date

        public init(command: String, seconds: Double, date: Date) {
            self.command = command
            self.seconds = seconds
            self.date = date
        }
    }

    /// A neighbouring page: its title and its address relative to this page.
    public struct Link: Sendable {
        public let title: String
        public let href: String

        public init(title: String, href: String) {
            self.title = title
            self.href = href
        }
    }

    public let source: ChapterSource
    /// The chapter's other files (multi-file chapters): shown after the main file, without output.
    public let otherFiles: [ChapterSource]
    public let transcript: RunTranscript
    public let run: Run
    /// The course index, previous and next chapter, where there are such pages.
    public let index: Link?, previous: Link?, next: Link?

    public init(source: ChapterSource, otherFiles: [ChapterSource] = [], transcript: RunTranscript, run: Run,
                index: Link? = nil, previous: Link? = nil, next: Link? = nil) {
        self.source = source
        self.otherFiles = otherFiles
        self.transcript = transcript
        self.run = run
        self.index = index
        self.previous = previous
        self.next = next
    }

    /// Image files a page shows inline; other files are linked.
    static let imageExtensions: Set<String> = ["png", "svg", "jpg", "jpeg", "gif"]

    /// The page's title: the chapter's title line, else its first Markdown heading, else the file name.
    public var title: String {
        transcript.title ?? source.blocks.lazy.filter { $0.kind == .prose }.compactMap { Self.markdown.parse($0.text).title }.first ?? source.fileName
    }

    /// The complete HTML document.
    public func html() -> String {
        let layout = NotebookLayout(source: source, transcript: transcript)
        let html = HTML(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .element(named: "title", text: title),
                .style(PageStyle.css)
            ),
            .body(
                navigation(),
                .main(
                    .p(.class("run"), .text("Run: "), .code(.text(run.command)), .text(" · \(Self.dateText(run.date)) · \(Self.secondsText(run.seconds))")),
                    contents(),
                    .group(layout.items.map(item)),
                    .if(!layout.unmatchedHeadings.isEmpty,
                        .p(.class("note"), .text("Headings the run printed that no printSection call in \(source.fileName) names (their output is kept under the section before them): \(layout.unmatchedHeadings.joined(separator: "; ")).")) ),
                    .if(!otherFiles.isEmpty, appendix())
                ),
                .footer(.p(.text("Made by "), .code(.text("swift run notebook")), .text(" from \(source.fileName) and what the run printed.")))
            )
        )
        return html.render()
    }

    private func navigation() -> Node<HTML.BodyContext> {
        let links = [index.map { ("Course", $0) }, previous.map { ("Previous", $0) }, next.map { ("Next", $0) }].compactMap { $0 }
        return .nav(.class("top"), .group(links.map { label, link in
            .a(.href(link.href), .attribute(named: "title", value: link.title), .text(label == "Course" ? "☰ \(link.title)" : label == "Previous" ? "← \(link.title)" : "\(link.title) →"))
        }))
    }

    private func contents() -> Node<HTML.BodyContext> {
        let titled = source.sections.enumerated().filter { $0.element.title != nil }
        guard !titled.isEmpty else { return .empty }
        return .element(named: "details", nodes: [
            .attribute(named: "class", value: "contents"),
            .element(named: "summary", text: "Sections"),
            .ol(.forEach(titled) { number, section in .li(.a(.href("#section-\(number + 1)"), .text(section.title ?? ""))) }),
        ])
    }

    private func item(_ item: NotebookLayout.Item) -> Node<HTML.BodyContext> {
        switch item {
        case .anchor(let section):
            return .div(.class("section-start"), .id("section-\(section + 1)"))
        case .block(let index):
            return block(source.blocks[index], in: source)
        case .output(let section):
            return output(section)
        }
    }

    private func block(_ block: ChapterSource.Block, in file: ChapterSource) -> Node<HTML.BodyContext> {
        switch block.kind {
        case .prose:
            return .div(.class("prose"), .raw(Self.markdown.html(from: ProseMarkdown.prepared(block.text))))
        case .code:
            let lines = block.lines.count == 1 ? "line \(block.lines.lowerBound)" : "lines \(block.lines.lowerBound)–\(block.lines.upperBound)"
            return .div(.class("cell code"),
                        .div(.class("label"), .text("\(file.fileName), \(lines)")),
                        .pre(.code(.raw(SwiftHighlighter.html(block.text)))))
        }
    }

    private func output(_ section: RunTranscript.Section) -> Node<HTML.BodyContext> {
        let images = section.files.filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        let others = section.files.filter { !images.contains($0) }
        return .div(.class("cell output"),
                    .div(.class("label"), .text(section.title.map { "Output: \($0)" } ?? "Output")),
                    .if(!section.lines.isEmpty, .pre(.text(section.lines.joined(separator: "\n")))),
                    .group(images.map { name in
                        .element(named: "figure", nodes: [
                            .img(.src(Self.relativeURL(name)), .alt(name)),
                            .element(named: "figcaption", nodes: [.a(.href(Self.relativeURL(name)), .text(name))]),
                        ])
                    }),
                    .if(!others.isEmpty, .p(.class("files"), .text("Files: "), .group(others.enumerated().map { number, name in
                        .group(.if(number > 0, .text(", ")), .a(.href(Self.relativeURL(name)), .text(name)))
                    }))))
    }

    private func appendix() -> Node<HTML.BodyContext> {
        .div(.class("appendix"),
             .h2(.text("The chapter's other files")),
             .p(.text("\(source.fileName) above is the chapter's program; it uses these files of the same chapter, shown here without output.")),
             .group(otherFiles.map { file in
                 .group(.h3(.id("file-\(file.fileName)"), .text(file.fileName)), .group(file.blocks.map { block($0, in: file) }))
             }))
    }

    static var markdown: MarkdownParser { MarkdownParser() }

    /// `name` (a path inside the output folder) as a relative URL, each component percent-encoded.
    static func relativeURL(_ name: String) -> String {
        name.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? String($0) }
            .joined(separator: "/")
    }

    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    static func secondsText(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1f s", seconds) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}
