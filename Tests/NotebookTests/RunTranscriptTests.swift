import ChapterSupport
import Testing
@testable import Notebook

@Suite struct RunTranscriptTests {
    static func marker(_ kind: NotebookMarker, _ value: String) -> String { kind.line(value) }

    @Test func cutsOutputAtHeadingsAndDropsTheirEcho() {
        let output = [
            Self.marker(.folder, "/tmp/out/chapter-09"),
            Self.marker(.title, "Chapter 9: Test"), "Chapter 9: Test", "===============",
            "before any section",
            Self.marker(.section, "One"), "", "One", "---", "first\rsecond \u{1B}[K", "",
            Self.marker(.file, "a.png"),
            Self.marker(.section, "Two"), "", "Two", "---",
            Self.marker(.file, "b.csv"), Self.marker(.file, "a.png"), "two's line", "",
        ].joined(separator: "\n")
        let transcript = RunTranscript(output: output)
        #expect(transcript.folder == "/tmp/out/chapter-09")
        #expect(transcript.title == "Chapter 9: Test")
        #expect(transcript.sections.map(\.title) == [nil, "One", "Two"])
        #expect(transcript.sections.map(\.lines) == [["before any section"], ["second "], ["two's line"]])
        // a.png was written again in section Two: the picture on disk is Two's.
        #expect(transcript.sections.map(\.files) == [[], [], ["b.csv", "a.png"]])
    }

    @Test func keepsALineThatOnlyLooksLikeAnEcho() {
        let output = [Self.marker(.section, "One"), "not blank", "One"].joined(separator: "\n")
        #expect(RunTranscript(output: output).sections[1].lines == ["not blank", "One"])
    }

    @Test func markersRoundTripAndFlattenNewlines() throws {
        for kind in NotebookMarker.allCases {
            let parsed = try #require(NotebookMarker.parse(kind.line("a\tb\nc")))
            #expect(parsed.marker == kind)
            #expect(parsed.value == "a b c")
        }
        #expect(NotebookMarker.parse("section\tOne") == nil)
        #expect(NotebookMarker.parse("\u{1E}nonsense\tOne") == nil)
    }
}
