import Foundation
import Testing

/// Every chapter's printed section headings (`printSection("…")` in its sources) are unique, numbers included:
/// a reader who is told "see section 3" finds one section 3.
@Suite struct ChapterHeadingTests {
    static let chapters = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Chapters")

    @Test func sectionHeadingsAndTheirNumbersAppearOncePerChapter() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.chapters.path).sorted()
        #expect(folders.count >= 4)
        for folder in folders {
            let directory = Self.chapters.appendingPathComponent(folder)
            let sources = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".swift") } ?? []
            var titles: [String] = []
            for source in sources {
                let text = try String(contentsOf: directory.appendingPathComponent(source), encoding: .utf8)
                titles += text.matches(of: /printSection\("([^"\\]*)/).map { String($0.1) }
            }
            let repeated = Dictionary(grouping: titles, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(repeated.isEmpty, "\(folder): headings printed twice: \(repeated)")
            let numbers = titles.compactMap { $0.firstMatch(of: /^(\d+(?:\.\d+)*)\.?\s/).map { String($0.1) } }
            let repeatedNumbers = Dictionary(grouping: numbers, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(repeatedNumbers.isEmpty, "\(folder): section numbers used twice: \(repeatedNumbers)")
        }
    }
}
