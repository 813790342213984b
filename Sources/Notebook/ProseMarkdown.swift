/// The chapters' Markdown, adjusted for where Ink 0.6 differs from CommonMark: Ink has no indented code
/// blocks (so they become fenced ones), and it reads `_` inside a word (`p_data`) and a `*` that cannot
/// open or close emphasis (`D*(x)`) as emphasis markers (so those are escaped). Code spans and code
/// blocks are left as they are.
enum ProseMarkdown {
    static func prepared(_ markdown: String) -> String {
        var output: [String] = []
        var inFence = false, inIndentedCode = false
        var previous = ""  // the last line before this one, as written
        var lastText = ""  // the last non-blank line outside code
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let indent = line.prefix(while: { $0 == " " }).count
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            defer { previous = line }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                output.append(line)
                continue
            }
            if inFence { output.append(line); continue }
            if inIndentedCode {
                if blank || indent >= 4 { output.append(blank ? "" : String(line.dropFirst(4))); continue }
                while output.last == "" { output.removeLast() }
                output += ["```", ""]
                inIndentedCode = false
            }
            if !blank, indent >= 4, previous.trimmingCharacters(in: .whitespaces).isEmpty, !isListLine(lastText) {
                output += ["```", String(line.dropFirst(4))]
                inIndentedCode = true
                continue
            }
            if !blank { lastText = line }
            output.append(escapedMarkers(line))
        }
        if inIndentedCode {
            while output.last == "" { output.removeLast() }
            output.append("```")
        }
        return output.joined(separator: "\n")
    }

    /// A list item, or a line continuing one (indented under it).
    private static func isListLine(_ line: String) -> Bool {
        line.firstMatch(of: /^\s*([-*+]|[0-9]+\.)\s/) != nil || line.hasPrefix("  ")
    }

    /// `line` with intraword `_` and stray `*` escaped, outside code spans.
    static func escapedMarkers(_ line: String) -> String {
        let characters = Array(line)
        var result = ""
        var inCode = false
        var emphasisOpen = false
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            if character == "`" { inCode.toggle() }
            guard !inCode else { result.append(character); continue }
            if character == "_" && isWordCharacter(before) && isWordCharacter(after) {
                result += "\\_"
            } else if character == "*" && before != "*" && after != "*" && before != "\\" {
                let canClose = !before.isWhitespace
                let canOpen = !after.isWhitespace && (isWordCharacter(after) || !isWordCharacter(before))
                if emphasisOpen && canClose {
                    emphasisOpen = false
                    result.append(character)
                } else if !emphasisOpen && canOpen && hasCloser(characters, after: index) {
                    emphasisOpen = true
                    result.append(character)
                } else {
                    result += "\\*"
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Whether a single `*` that can close emphasis follows `index` on the line.
    private static func hasCloser(_ characters: [Character], after index: Int) -> Bool {
        var position = index + 2
        while position < characters.count {
            if characters[position] == "*", !characters[position - 1].isWhitespace, characters[position - 1] != "*",
               position + 1 == characters.count || characters[position + 1] != "*" { return true }
            position += 1
        }
        return false
    }

    private static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber }
}
