import ArgumentParser
import Foundation

/// The command-line options every chapter accepts: `--seed`, `--quick`, `--output`, and `--help`.
///
/// In a chapter's top-level code:
///
///     let chapter = Chapter(number: 1, title: "Tensors", summary: "Storage, shapes, broadcasting, matmul by loops vs BLAS.")
///     let options = ChapterOptions.parseOrExit(for: chapter)
///
/// A chapter with options of its own embeds these with `@OptionGroup var common: ChapterOptions`
/// in its own `ParsableArguments` struct and calls the same `parseOrExit(for:)` on it.
public struct ChapterOptions: ParsableArguments {
    @Option(help: "Seed for every random number the chapter draws: the same seed gives the same run.")
    public var seed: UInt64 = 42

    @Flag(help: "A smaller run that finishes in under 30 seconds on two cores (CI uses it).")
    public var quick = false

    @Option(help: "Folder for the files the chapter writes (default: output/chapter-NN).")
    public var output: String?

    @Flag(name: .customLong("use-exercises"),
          help: "Run the pieces you wrote in the exercises (Exercises/) in place of the chapter's own; it says which exercise is still a stub.")
    public var useExercises = false

    public init() {}

    /// The folder named by `--output`, or `output/chapter-NN`, created if needed.
    public func outputFolder(for chapter: Chapter) throws -> OutputFolder {
        try OutputFolder(path: output ?? "output/chapter-\(chapter.paddedNumber)")
    }
}

/// Who a chapter is: shown by `--help` and used to name its output folder.
public struct Chapter: Sendable {
    public let number: Int
    public let title: String
    /// One or two sentences on what the chapter does, for `--help`.
    public let summary: String

    public init(number: Int, title: String, summary: String) {
        self.number = number
        self.title = title
        self.summary = summary
    }

    /// "01".
    public var paddedNumber: String { number < 10 ? "0\(number)" : "\(number)" }
}

extension ParsableArguments {
    /// Parses the command line, or exits: with the chapter's title, summary and options for `--help`,
    /// with a message naming the bad flag (and status 64) for a wrong one.
    public static func parseOrExit(for chapter: Chapter, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Self {
        do {
            return try parse(arguments)
        } catch {
            let code = exitCode(for: error)
            let message = named(fullMessage(for: error), "chapter-\(chapter.paddedNumber)")
            if code == .success {
                print("chapter-\(chapter.paddedNumber): Chapter \(chapter.number): \(chapter.title)\n\n\(chapter.summary)\n")
                print(message)
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// `message` with the command name ArgumentParser derives from the type's name replaced by the executable's.
    private static func named(_ message: String, _ executable: String) -> String {
        guard let usage = helpMessage().firstMatch(of: /USAGE: (\S+)/) else { return message }
        let derived = String(usage.1)
        return message.replacingOccurrences(of: "USAGE: \(derived) ", with: "USAGE: \(executable) ")
            .replacingOccurrences(of: "\(derived) [", with: "\(executable) [")
            .replacingOccurrences(of: "'\(derived) --help'", with: "'\(executable) --help'")
    }
}
