import Foundation

/// A chapter's source file split the way a notebook shows it: prose blocks (the playground markup,
/// `/*: … */` and `//:` lines, holding Markdown) and the code between them, in source order, with the
/// section headings the code prints (`printSection("…")`).
///
/// Every line of the file belongs to exactly one block, except blank lines between blocks.
public struct ChapterSource: Sendable {
    /// One prose or code block and the 1-based source lines it came from.
    public struct Block: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case prose, code }
        public let kind: Kind
        /// Markdown for prose (markup and common indentation removed); the code exactly as written.
        public let text: String
        public let lines: ClosedRange<Int>
    }

    /// A `printSection` call in the code.
    public struct Section: Sendable, Equatable {
        /// The title, when the argument is a string literal (an interpolated one keeps its `\(…)` text).
        public let title: String?
        public let line: Int
        /// The block holding the call.
        public let block: Int
    }

    /// The file's name, e.g. "main.swift".
    public let fileName: String
    public let blocks: [Block]
    public let sections: [Section]

    /// Splits `text`. A top-level `printSection` call that is not the first line of its code block
    /// starts a new code block, so that the previous section's output can be shown before it.
    public init(fileName: String, text: String) {
        self.fileName = fileName
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var code: [(number: Int, text: String)] = []

        func closeCode() {
            var chunk = code[...]
            while let first = chunk.first, first.text.trimmingCharacters(in: .whitespaces).isEmpty { chunk = chunk.dropFirst() }
            while let last = chunk.last, last.text.trimmingCharacters(in: .whitespaces).isEmpty { chunk = chunk.dropLast() }
            if let first = chunk.first, let last = chunk.last {
                blocks.append(Block(kind: .code, text: chunk.map(\.text).joined(separator: "\n"), lines: first.number...last.number))
            }
            code = []
        }

        var index = 0
        while index < lines.count {
            let line = lines[index], trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("/*:") {
                closeCode()
                var body: [String] = []
                let start = index
                var rest = String(trimmed.dropFirst(3))
                while true {
                    if let end = rest.range(of: "*/") {
                        body.append(String(rest[..<end.lowerBound]))
                        break
                    }
                    body.append(rest)
                    index += 1
                    guard index < lines.count else { break }
                    rest = lines[index]
                }
                blocks.append(Block(kind: .prose, text: Self.markdown(body), lines: (start + 1)...(min(index, lines.count - 1) + 1)))
                index += 1
            } else if trimmed.hasPrefix("//:") {
                closeCode()
                let start = index
                var body: [String] = []
                while index < lines.count, case let t = lines[index].trimmingCharacters(in: .whitespaces), t.hasPrefix("//:") {
                    body.append(String(t.dropFirst(3)))
                    index += 1
                }
                blocks.append(Block(kind: .prose, text: Self.markdown(body), lines: (start + 1)...index))
            } else {
                if Self.sectionCall(in: line) != nil, line.first.map({ !$0.isWhitespace }) ?? false,
                   code.contains(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    closeCode()
                }
                code.append((index + 1, line))
                index += 1
            }
        }
        closeCode()
        self.blocks = blocks

        var sections: [Section] = []
        for (number, block) in blocks.enumerated() where block.kind == .code {
            for (offset, line) in block.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let call = Self.sectionCall(in: String(line)) {
                    sections.append(Section(title: call.title, line: block.lines.lowerBound + offset, block: number))
                }
            }
        }
        self.sections = sections
    }

    /// Reads and splits a file.
    public init(contentsOf url: URL) throws {
        self.init(fileName: url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8))
    }

    /// A `printSection` call found on a line; `title` is nil when the argument is not a string literal.
    struct SectionCall { let title: String? }

    /// The `printSection` call on `line`, if any (a commented-out one does not count).
    static func sectionCall(in line: String) -> SectionCall? {
        guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("//"), let call = line.range(of: "printSection(") else { return nil }
        let argument = line[call.upperBound...].drop(while: { $0 == " " })
        guard argument.first == "\"" else { return SectionCall(title: nil) }
        var title = "", escaped = false
        for character in argument.dropFirst() {
            if escaped { title.append("\\"); title.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "\"" { return SectionCall(title: unescaped(title)) }
            title.append(character)
        }
        return SectionCall(title: nil)
    }

    /// The simple escapes of a string literal resolved (`\"`, `\\`); interpolations stay as written.
    private static func unescaped(_ literal: String) -> String {
        literal.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }

    /// Markup lines as Markdown: the common leading indentation removed, blank lines at either end dropped.
    private static func markdown(_ lines: [String]) -> String {
        var lines = lines[...]
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines = lines.dropFirst() }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines = lines.dropLast() }
        let indent = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
        return lines.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String($0.dropFirst(indent)) }
            .joined(separator: "\n")
    }
}
