import Foundation

/// What is wrong with an HTML document's structure: a tag closed that is not open, one left open, an
/// unquoted attribute, a bare `<` or `&` in text. (HTML5 void elements need no closing tag.)
func wellFormednessProblems(_ html: String) -> [String] {
    let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    let characters = Array(html)
    var problems: [String] = []
    var open: [String] = []
    var i = 0
    func starts(_ text: String, at position: Int) -> Bool {
        let pattern = Array(text)
        return position + pattern.count <= characters.count && Array(characters[position..<position + pattern.count]) == pattern
    }
    func skip(to text: String, from position: Int) -> Int? {
        var p = position
        while p < characters.count { if starts(text, at: p) { return p + text.count }; p += 1 }
        return nil
    }
    while i < characters.count {
        let c = characters[i]
        if c == "&" {
            let rest = String(characters[i..<min(i + 12, characters.count)])
            if rest.firstMatch(of: /^&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);/) == nil { problems.append("bare & near \(context(characters, i))") }
            i += 1
            continue
        }
        guard c == "<" else { i += 1; continue }
        if starts("<!--", at: i) { i = skip(to: "-->", from: i) ?? characters.count; continue }
        if starts("<!", at: i) { i = skip(to: ">", from: i) ?? characters.count; continue }
        let closing = starts("</", at: i)
        var p = i + (closing ? 2 : 1)
        var name = ""
        while p < characters.count, characters[p].isLetter || characters[p].isNumber { name.append(characters[p]); p += 1 }
        name = name.lowercased()
        if name.isEmpty { problems.append("bare < near \(context(characters, i))"); i += 1; continue }
        // Attributes: name, or name="value" / name='value'.
        var selfClosed = false
        while p < characters.count, characters[p] != ">" {
            let ch = characters[p]
            if ch == "\"" || ch == "'" {
                guard let end = characters[(p + 1)...].firstIndex(of: ch) else { problems.append("unterminated attribute in <\(name)>"); return problems }
                p = end + 1
                continue
            }
            if ch == "=" && p + 1 < characters.count && characters[p + 1] != "\"" && characters[p + 1] != "'" {
                problems.append("unquoted attribute in <\(name)> near \(context(characters, p))")
            }
            if ch == "/" && p + 1 < characters.count && characters[p + 1] == ">" { selfClosed = true }
            p += 1
        }
        i = p + 1
        if closing {
            if open.last == name { open.removeLast() } else { problems.append("</\(name)> closes <\(open.last ?? "nothing")> near \(context(characters, p))") }
        } else if !voidElements.contains(name) && !selfClosed {
            if name == "style" || name == "script" {
                i = skip(to: "</\(name)>", from: i) ?? characters.count
            } else {
                open.append(name)
            }
        }
    }
    if !open.isEmpty { problems.append("never closed: \(open)") }
    return problems
}

private func context(_ characters: [Character], _ index: Int) -> String {
    String(characters[max(0, index - 30)..<min(characters.count, index + 30)]).debugDescription
}

/// The `src` of every `<img>` in `html`, as written.
func imageSources(_ html: String) -> [String] {
    html.matches(of: /<img[^>]*\ssrc="([^"]*)"/).map { String($0.1) }
}
