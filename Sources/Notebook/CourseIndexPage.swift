import Foundation
import Ink
import Plot

/// The course's front page: every chapter, linked to its notebook page where one has been made, the
/// course map (from the README) and the exercise progress table (`swift run exercises`).
public struct CourseIndexPage {
    public struct Entry: Sendable {
        /// "chapter-03".
        public let executable: String
        /// "Chapter 3: A vanilla GAN on MNIST", or the folder name when no page exists yet.
        public let title: String
        /// The page's address relative to the index, when the page exists.
        public let href: String?

        public init(executable: String, title: String, href: String?) {
            self.executable = executable
            self.title = title
            self.href = href
        }
    }

    public let entries: [Entry]
    /// The README's "Course map" section, as Markdown.
    public let courseMap: String?
    /// What `swift run exercises` printed.
    public let exerciseProgress: String?

    public init(entries: [Entry], courseMap: String?, exerciseProgress: String?) {
        self.entries = entries
        self.courseMap = courseMap
        self.exerciseProgress = exerciseProgress
    }

    /// The section of a README under `## Course map`, up to the next `## ` heading.
    public static func courseMap(fromReadme readme: String) -> String? {
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "## course map" }) else { return nil }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.endIndex
        return lines[(start + 1)..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func html() -> String {
        HTML(
            .lang(.english),
            .head(.encoding(.utf8), .viewport(.accordingToDevice), .element(named: "title", text: "GAN Course: notebook pages"), .style(PageStyle.css)),
            .body(.main(
                .h1(.text("GAN Course: notebook pages")),
                .p(.text("Each chapter's prose, code, output and figures on one page. Make or refresh a page with "),
                   .code(.text("swift run notebook chapter-NN")), .text(" (add "), .code(.text("--quick")), .text(" for a short run), every page with "),
                   .code(.text("swift run notebook all")), .text(".")),
                .table(.class("courses"),
                       .tr(.th(.text("chapter")), .th(.text("page"))),
                       .forEach(entries) { entry in
                           .tr(.td(.code(.text(entry.executable))),
                               .td(entry.href.map { .a(.href($0), .text(entry.title)) }
                                   ?? .group(.text(entry.title + " — no page yet: "), .code(.text("swift run notebook \(entry.executable)")))))
                       }),
                .unwrap(courseMap) { .group(.h2(.text("Course map")), .div(.class("prose"), .raw(MarkdownParser().html(from: $0)))) },
                .unwrap(exerciseProgress) { .group(.h2(.text("Your exercises")), .p(.text("From "), .code(.text("swift run exercises")), .text(" when this page was made:")),
                                                  .div(.class("cell output"), .pre(.text($0)))) }
            ), .footer(.p(.text("Made by "), .code(.text("swift run notebook")), .text("."))))
        ).render()
    }
}
