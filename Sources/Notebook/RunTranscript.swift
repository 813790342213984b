import ChapterSupport
import Foundation

/// What a chapter run printed, cut at its section headings: the text of each section and the files
/// it wrote, read from the chapter's standard output with its notebook markers (see `NotebookMarker`).
public struct RunTranscript: Sendable, Equatable {
    /// The output between one heading and the next.
    public struct Section: Sendable, Equatable {
        /// The heading as printed; nil for what came before the first one.
        public let title: String?
        /// The printed lines (the heading itself, and blank lines at either end, left out).
        public internal(set) var lines: [String]
        /// Files written into the output folder while this section ran, in order, each once.
        public internal(set) var files: [String]
    }

    /// The chapter's title line, if it printed one.
    public private(set) var title: String?
    /// The chapter's output folder, if it opened one.
    public private(set) var folder: String?
    /// The sections in the order they ran; the first holds what came before the first heading.
    public private(set) var sections: [Section]

    /// Parses standard output `text` with markers.
    public init(output text: String) {
        title = nil
        folder = nil
        sections = [Section(title: nil, lines: [], files: [])]
        var echoToDrop: [String] = []  // the lines printTitle and printSection print after their marker
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if let (marker, value) = NotebookMarker.parse(rawLine) {
                switch marker {
                case .title:
                    title = value
                    echoToDrop = [value, String(repeating: "=", count: value.count)]
                case .section:
                    sections.append(Section(title: value, lines: [], files: []))
                    echoToDrop = ["", value, String(repeating: "-", count: value.count)]
                case .folder:
                    folder = value
                case .file:
                    // A file written again later belongs to the later section (its picture is the later one).
                    for index in sections.indices { sections[index].files.removeAll { $0 == value } }
                    sections[sections.count - 1].files.append(value)
                }
                continue
            }
            let line = Self.visibleText(rawLine)
            if let expected = echoToDrop.first {
                echoToDrop.removeFirst()
                if line == expected { continue }
                echoToDrop = []
            }
            sections[sections.count - 1].lines.append(line)
        }
        for index in sections.indices { sections[index].lines = Self.trimmed(sections[index].lines) }
    }

    /// What a terminal would show of `line`: only the text after its last carriage return, escape sequences removed.
    static func visibleText<S: StringProtocol>(_ line: S) -> String {
        let text = String(line)
        let afterReturn = text.lastIndex(of: "\r").map { String(text[text.index(after: $0)...]) } ?? text
        return afterReturn.replacing(/\u{1B}\[[0-9;?]*[A-Za-z]/, with: "")
    }

    private static func trimmed(_ lines: [String]) -> [String] {
        var lines = lines[...]
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines = lines.dropFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines = lines.dropLast() }
        return Array(lines)
    }
}

extension RunTranscript {
    /// `text` as a terminal would show it, line by line (see `visibleText`), without trailing blank lines.
    public static func visible(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(visibleText).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
