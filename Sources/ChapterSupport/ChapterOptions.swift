import ArgumentParser
import Foundation
import TensorCore

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
    @Option(parsing: .unconditional, help: "Seed for every random number the chapter draws: the same seed gives the same run.")
    public var seed: UInt64 = 42

    @Flag(help: "A smaller run that finishes in under 30 seconds on two cores (CI uses it).")
    public var quick = false

    @Option(help: ArgumentHelp("Folder for the files the chapter writes (default: output/chapter-NN). One run per folder: "
                               + "a new run first removes the files an earlier run wrote there, and refuses a folder holding other files."))
    public var output: String?

    @Flag(name: .customLong("use-exercises"),
          help: "Run the pieces you wrote in the exercises (Exercises/) in place of the chapter's own; it says which exercise is still a stub.")
    public var useExercises = false

    public init() {}

    /// `--output`, or `output/chapter-NN`.
    public func outputPath(for chapter: Chapter) -> String { output ?? "output/chapter-\(chapter.paddedNumber)" }

    /// The folder named by `--output`, or `output/chapter-NN`, opened for a fresh run (see `OutputFolder`).
    /// Training chapters get theirs from `TrainingSetup`, which checks everything else first.
    public func outputFolder(for chapter: Chapter) throws -> OutputFolder {
        try OutputFolder(path: outputPath(for: chapter))
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
        OpenBLASCoreSelection.selectAtStartup()
        flushSubnormalsToZero()
        do {
            return try parse(arguments)
        } catch {
            let code = exitCode(for: error)
            let message = message(for: error, chapter: chapter)
            if code == .success {
                print("chapter-\(chapter.paddedNumber): Chapter \(chapter.number): \(chapter.title)\n\n\(chapter.summary)\n")
                print(message)
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// What `parseOrExit` prints for a parsing error (or `--help`), with the usage line naming the chapter's executable.
    static func message(for error: any Error, chapter: Chapter) -> String {
        named(fullMessage(for: error), "chapter-\(chapter.paddedNumber)")
    }

    /// `message` with the command name ArgumentParser derives from the type's name replaced by the executable's.
    private static func named(_ message: String, _ executable: String) -> String {
        guard let usage = helpMessage().firstMatch(of: /USAGE: (\S+)/) else { return message }
        let derived = String(usage.1)
        var text = message
        for prefix in ["USAGE: ", "Usage: ", "'"] {
            text = text.replacingOccurrences(of: prefix + derived + " ", with: prefix + executable + " ")
        }
        return text
    }
}
