import Foundation
import Testing
@testable import Notebook

@Suite struct SwiftHighlighterTests {
    /// The text of highlighted HTML: tags removed, entities decoded.
    static func text(of html: String) -> String {
        html.replacing(/<[^>]*>/, with: "").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Highlighting keeps every character of every chapter file, and leaves no `<` or `&` unescaped.
    @Test(arguments: try everyChapterFile())
    func keepsEveryCharacter(_ file: URL) throws {
        let code = try String(contentsOf: file, encoding: .utf8)
        let html = SwiftHighlighter.html(code)
        #expect(Self.text(of: html) == code)
        #expect(html.replacing(/<\/?span[^>]*>/, with: "").firstMatch(of: /[<>]|&(?!(lt|gt|amp|quot);)/) == nil)
    }

    @Test func classifiesTokens() {
        let html = SwiftHighlighter.html(#"let x: Tensor = f(1.5e-3, "a \(b + 1) c") // note"#)
        #expect(html == #"<span class="keyword">let</span> x: <span class="type">Tensor</span> = <span class="call">f</span>(<span class="number">1.5e-3</span>, <span class="string">&quot;a \(</span>b + <span class="number">1</span><span class="string">) c&quot;</span>) <span class="comment">// note</span>"#)
        #expect(SwiftHighlighter.html("@MainActor /* a /* nested */ comment */ 1...3") ==
                #"<span class="attribute">@MainActor</span> <span class="comment">/* a /* nested */ comment */</span> <span class="number">1</span>...<span class="number">3</span>"#)
        #expect(SwiftHighlighter.html("\"\"\"\nline \"one\"\n\"\"\"") == "<span class=\"string\">&quot;&quot;&quot;\nline &quot;one&quot;\n&quot;&quot;&quot;</span>")
    }
}
