/// The order of a notebook page: the source's blocks, each section's printed output placed after the
/// last code block before the next section begins (a section begins at the prose just before its
/// `printSection` call), and an anchor where each section begins.
public struct NotebookLayout: Sendable {
    public enum Item: Sendable, Equatable {
        /// Where source section `index` begins.
        case anchor(section: Int)
        /// `ChapterSource.blocks[index]`.
        case block(Int)
        /// What one part of the run printed and wrote.
        case output(RunTranscript.Section)
    }

    public let items: [Item]
    /// Headings the run printed that no `printSection` call in the source names; their output is kept,
    /// under the section before them.
    public let unmatchedHeadings: [String]

    public init(source: ChapterSource, transcript: RunTranscript) {
        let sections = source.sections
        // Which source section each printed section belongs to (-1: before the first heading).
        var outputs = [[RunTranscript.Section]](repeating: [], count: sections.count + 1)
        var unmatched: [String] = []
        var current = -1
        for printed in transcript.sections {
            guard let title = printed.title else { outputs[0].append(printed); continue }
            if let match = Self.match(title, in: sections, from: max(current, 0)) {
                current = match
                outputs[match + 1].append(printed)
            } else {
                unmatched.append(title)
                outputs[current + 1].append(RunTranscript.Section(title: title, lines: [title] + printed.lines, files: printed.files))
            }
        }

        func start(_ index: Int) -> Int {
            let block = sections[index].block
            return block > 0 && source.blocks[block - 1].kind == .prose ? block - 1 : block
        }
        /// The code block after which section `index`'s output goes (-1 is the preamble).
        func placement(_ index: Int) -> Int? {
            let ownBlock = index < 0 ? -1 : sections[index].block
            let nextStart = sections.indices.first { $0 > index && sections[$0].block > ownBlock }.map(start) ?? source.blocks.count
            return source.blocks.indices.last { $0 < nextStart && source.blocks[$0].kind == .code }
        }

        var after = [Int: [RunTranscript.Section]]()
        var leading: [RunTranscript.Section] = []
        for index in -1..<sections.count {
            let shown = outputs[index + 1].filter { !$0.lines.isEmpty || !$0.files.isEmpty }
            guard !shown.isEmpty else { continue }
            if let block = placement(index) { after[block, default: []] += shown } else { leading += shown }
        }
        var items = leading.map(Item.output)
        for block in source.blocks.indices {
            items += sections.indices.filter { start($0) == block }.map { Item.anchor(section: $0) }
            items.append(.block(block))
            items += (after[block] ?? []).map(Item.output)
        }
        self.items = items
        unmatchedHeadings = unmatched
    }

    /// The first source section at or after `start` (else anywhere) whose title matches `title`.
    static func match(_ title: String, in sections: [ChapterSource.Section], from start: Int) -> Int? {
        let order = Array(sections.indices[start...]) + Array(sections.indices[..<start])
        return order.first { sections[$0].title.map { matches(title, literal: $0) } ?? false }
            ?? order.first { sections[$0].title == nil }
    }

    /// Whether a printed heading comes from a title literal; an interpolated literal matches on its fixed parts.
    static func matches(_ printed: String, literal: String) -> Bool {
        guard literal.contains("\\(") else { return printed == literal }
        let parts = literal.split(separator: /\\\([^)]*\)/, omittingEmptySubsequences: false).map(String.init)
        var rest = printed[...]
        for (number, part) in parts.enumerated() {
            if number == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if number == parts.count - 1 {
                return rest.hasSuffix(part)
            } else {
                guard let found = rest.range(of: part) else { return false }
                rest = rest[found.upperBound...]
            }
        }
        return true
    }
}
