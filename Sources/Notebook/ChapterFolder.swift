import Foundation

/// One chapter of the course: a folder `Chapters/NN-name/` whose `main.swift` is the program (and the
/// page), built as the executable `chapter-NN`. Any other `.swift` files are the chapter's helpers.
public struct ChapterFolder: Sendable, Equatable {
    public let number: Int
    /// The folder's name, e.g. "03-mlp-gan".
    public let name: String
    public let url: URL

    /// "chapter-03".
    public var executable: String { "chapter-" + name.prefix(while: \.isNumber) }
    public var mainFile: URL { url.appendingPathComponent("main.swift") }

    /// The chapter's other Swift files, by name.
    public func otherFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" && $0.lastPathComponent != "main.swift" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every `Chapters/NN-*/` folder with a `main.swift` under `packageRoot`, in order.
    public static func all(in packageRoot: URL) throws -> [ChapterFolder] {
        let chapters = packageRoot.appendingPathComponent("Chapters")
        return try FileManager.default.contentsOfDirectory(at: chapters, includingPropertiesForKeys: nil)
            .compactMap { folder -> ChapterFolder? in
                let name = folder.lastPathComponent
                guard let number = Int(name.prefix(while: \.isNumber)), name.prefix(while: \.isNumber).count == 2,
                      FileManager.default.fileExists(atPath: folder.appendingPathComponent("main.swift").path) else { return nil }
                return ChapterFolder(number: number, name: name, url: folder)
            }
            .sorted { $0.number < $1.number }
    }

    /// The chapter named `argument` ("chapter-03", "03" or "3").
    public static func named(_ argument: String, in packageRoot: URL) throws -> ChapterFolder {
        let all = try all(in: packageRoot)
        let digits = argument.hasPrefix("chapter-") ? String(argument.dropFirst("chapter-".count)) : argument
        guard let number = Int(digits), let chapter = all.first(where: { $0.number == number }) else {
            throw NotebookError("no chapter \"\(argument)\": expected one of \(all.map(\.executable).joined(separator: ", ")), or all")
        }
        return chapter
    }
}

/// A mistake the `notebook` command reports in the course's words, naming what was expected.
public struct NotebookError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
