/// Swift source as HTML with `<span class="…">` around comments, strings, numbers, keywords, types,
/// attributes and calls; every other character is kept, escaped. Small on purpose: it knows the
/// lexical rules the course's chapters use, not the whole language.
public enum SwiftHighlighter {
    /// The token classes, as CSS class names.
    public enum Token: String, Sendable, CaseIterable {
        case comment, string, number, keyword, type, attribute, call
    }

    static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue",
        "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
        "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "mutating", "nil",
        "nonisolated", "open", "operator", "private", "protocol", "public", "repeat", "rethrows", "return", "self",
        "Self", "some", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
        "typealias", "var", "where", "while",
    ]

    /// `code` as highlighted, escaped HTML (for inside `<pre><code>`).
    public static func html(_ code: String) -> String {
        var scanner = Scanner(Array(code))
        scanner.scanCode(untilClosingParenthesis: false)
        return scanner.html
    }

    private struct Scanner {
        let characters: [Character]
        var position = 0
        var html = ""

        init(_ characters: [Character]) { self.characters = characters }

        func peek(_ offset: Int = 0) -> Character? {
            position + offset < characters.count ? characters[position + offset] : nil
        }

        func starts(with text: String) -> Bool {
            var offset = 0
            for character in text {
                guard peek(offset) == character else { return false }
                offset += 1
            }
            return true
        }

        mutating func emit(_ text: some Sequence<Character>, as token: Token? = nil) {
            let escaped = escape(String(text))
            if let token { html += "<span class=\"\(token.rawValue)\">\(escaped)</span>" } else { html += escaped }
        }

        mutating func take(while condition: (Character) -> Bool) -> [Character] {
            let start = position
            while let c = peek(), condition(c) { position += 1 }
            return Array(characters[start..<position])
        }

        /// Code up to the end, or up to the `)` that closes a string interpolation.
        mutating func scanCode(untilClosingParenthesis: Bool) {
            var depth = 0
            while let c = peek() {
                if starts(with: "//") {
                    emit(take { $0 != "\n" }, as: .comment)
                } else if starts(with: "/*") {
                    scanBlockComment()
                } else if c == "\"" {
                    scanString()
                } else if c == "#" && peek(1) == "\"" {
                    scanString()
                } else if c.isNumber {
                    scanNumber()
                } else if c == "@", let next = peek(1), next.isLetter {
                    position += 1
                    emit("@" + take { $0.isLetter || $0.isNumber || $0 == "_" }, as: .attribute)
                } else if c.isLetter || c == "_" {
                    let word = String(take { $0.isLetter || $0.isNumber || $0 == "_" })
                    let token: Token? = SwiftHighlighter.keywords.contains(word) ? .keyword
                        : word.first!.isUppercase ? .type
                        : peek() == "(" ? .call : nil
                    emit(word, as: token)
                } else {
                    if untilClosingParenthesis {
                        if c == "(" { depth += 1 }
                        if c == ")" {
                            if depth == 0 { return }
                            depth -= 1
                        }
                    }
                    emit([c])
                    position += 1
                }
            }
        }

        /// 42, 0.025, 99_999, 1e-5, 0x1E: digits, letters and `_`, and a `.` or exponent sign inside.
        mutating func scanNumber() {
            var number = take { $0.isNumber || $0.isLetter || $0 == "_" }
            while true {
                if peek() == ".", let next = peek(1), next.isNumber {
                    position += 1
                    number += ["."] + take { $0.isNumber || $0.isLetter || $0 == "_" }
                } else if let sign = peek(), sign == "-" || sign == "+", number.last == "e", let next = peek(1), next.isNumber {
                    position += 1
                    number += [sign] + take { $0.isNumber || $0 == "_" }
                } else {
                    break
                }
            }
            emit(number, as: .number)
        }

        mutating func scanBlockComment() {
            let start = position
            position += 2
            var depth = 1
            while position < characters.count, depth > 0 {
                if starts(with: "/*") { depth += 1; position += 2 } else if starts(with: "*/") { depth -= 1; position += 2 } else { position += 1 }
            }
            emit(characters[start..<min(position, characters.count)], as: .comment)
        }

        /// A string literal: "…", """…""" or #"…"#, with `\(…)` interpolations highlighted as code.
        mutating func scanString() {
            let hashes = take { $0 == "#" }.count
            let multiline = starts(with: "\"\"\"")
            let quote = multiline ? "\"\"\"" : "\""
            let close = quote + String(repeating: "#", count: hashes)
            let escape = "\\" + String(repeating: "#", count: hashes)
            var literal = String(repeating: "#", count: hashes) + quote
            position += quote.count
            while position < characters.count {
                if starts(with: close) {
                    literal += close
                    position += close.count
                    break
                }
                if !multiline && peek() == "\n" { break }
                if starts(with: escape + "(") {
                    literal += escape + "("
                    emit(literal, as: .string)
                    literal = ""
                    position += escape.count + 1
                    scanCode(untilClosingParenthesis: true)
                    if peek() == ")" { literal = ")"; position += 1 }
                    continue
                }
                if starts(with: escape), let next = peek(escape.count) {
                    literal += escape + String(next)
                    position += escape.count + 1
                    continue
                }
                literal.append(characters[position])
                position += 1
            }
            emit(literal, as: .string)
        }
    }
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}
