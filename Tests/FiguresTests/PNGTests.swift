import Foundation
import Testing
@testable import Figures

@Suite struct PNGTests {
    /// A gradient with a different value in every pixel and channel, so any mix-up shows.
    func pattern(width: Int, height: Int, channels: Int) -> Image {
        var pixels: [UInt8] = []
        for y in 0..<height { for x in 0..<width { for c in 0..<channels { pixels.append(UInt8((x * 7 + y * 13 + c * 50) % 256)) } } }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    @Test(arguments: [1, 3, 4])
    func fileRoundTripKeepsEveryPixel(channels: Int) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("pattern.png")
        let original = pattern(width: 37, height: 23, channels: channels)
        try original.writePNG(to: url)
        let loaded = try Image(pngFile: url)
        #expect(loaded == original)
        // The temporary file was renamed away, not left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pattern.png"])
    }

    @Test func writtenFileIsARealPNG() throws {
        let bytes = try pattern(width: 4, height: 3, channels: 3).pngData()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        // IHDR: width 4, height 3, bit depth 8, colour type 2 (RGB).
        #expect(Array(bytes[16..<26]) == [0, 0, 0, 4, 0, 0, 0, 3, 8, 2])
    }

    @Test func writingIntoAMissingFolderNamesThePath() throws {
        let url = URL(fileURLWithPath: "/nonexistent-folder-for-figures/sample.png")
        do {
            try pattern(width: 2, height: 2, channels: 1).writePNG(to: url)
            Issue.record("writing into a missing folder did not throw")
        } catch let error as FigureError {
            #expect(error.description.contains("/nonexistent-folder-for-figures/sample.png"))
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func readingGarbageNamesTheFileAndSaysWhatWasExpected() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("not-a.png")
        try Data("hello".utf8).write(to: url)
        let error = #expect(throws: FigureError.self) { try Image(pngFile: url) }
        #expect(error?.description.contains(url.path) == true)
        #expect(error?.description.contains("expected a PNG image") == true)
    }

    @Test func aTruncatedPNGIsAnErrorNotACrash() throws {
        let bytes = try pattern(width: 64, height: 64, channels: 3).pngData()
        let error = #expect(throws: FigureError.self) { try Image(pngData: Array(bytes.prefix(bytes.count / 2)), path: "cut.png") }
        #expect(error?.description.hasPrefix("cut.png: expected a complete PNG image, found libpng:") == true)
    }

    @Test func readingAMissingFileNamesIt() {
        let error = #expect(throws: FigureError.self) { try Image(pngFile: URL(fileURLWithPath: "/no/such/file.png")) }
        #expect(error == .cannotRead(path: "/no/such/file.png", reason: "No such file or directory"))
    }
}
