// `swift run notebook chapter-04 --quick`: runs chapter 4 and writes its notebook page, index.html, into
// the chapter's output folder, beside the figures; `swift run notebook all` does every chapter.
import ArgumentParser
import ChapterSupport
import Foundation
import Notebook

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Runs a chapter and writes its notebook page: prose, code, output and figures together, in the browser.",
        discussion: """
        The page is index.html in the chapter's output folder (output/chapter-NN unless --output says \
        otherwise); open it from disk in any browser, no network needed. The course index, index.html \
        one folder up, links every chapter's page and shows the course map and your exercise progress.

        Examples:
          swift run notebook chapter-04 --quick     a page from the 30-second run
          swift run notebook chapter-03 --seed 7    the chapter's options pass through
          swift run notebook all --quick            every chapter, then the course index

        The notebook's own option, --no-build, goes before the chapter's name.
        """)

    @Flag(help: "Run the chapter programs as they are built, without `swift build` first (CI builds once).")
    var noBuild = false

    @Argument(help: "The chapter: chapter-04, 04 or 4; or all.")
    var chapter: String

    @Argument(parsing: .captureForPassthrough,
              help: "Options for the chapter, passed on as they are: --quick, --seed N, --output DIR and the chapter's own (swift run chapter-NN --help).")
    var chapterOptions: [String] = []

    func run() throws {
        let root = packageRoot()
        let chapters = try chapter == "all" ? ChapterFolder.all(in: root) : [ChapterFolder.named(chapter, in: root)]
        guard !chapters.isEmpty else { throw NotebookError("no chapters under \(root.path)/Chapters") }
        let binaries = Bundle.main.executableURL!.resolvingSymlinksInPath().deletingLastPathComponent()
        if !noBuild {
            try build(chapter == "all" ? nil : chapters[0].executable, in: root, binaries: binaries)
            try build("exercises", in: root, binaries: binaries)
        }
        let outputRoot = outputOption(chapterOptions)
        if chapter == "all", outputRoot != nil, chapterOptions.contains(where: { $0.hasPrefix("--output=") }) {
            throw ValidationError("write --output DIR (with a space) for all chapters: each chapter writes into DIR/chapter-NN")
        }

        var pagesWritten: [URL] = []
        for folder in chapters {
            var arguments = chapterOptions
            if chapter == "all" {
                arguments = replacingOutput(in: arguments, with: "\(outputRoot ?? "output")/\(folder.executable)")
            }
            let program = binaries.appendingPathComponent(folder.executable)
            guard FileManager.default.isExecutableFile(atPath: program.path) else {
                throw NotebookError("\(program.path) is not built: run `swift build --product \(folder.executable)`, or drop --no-build")
            }
            FileHandle.standardError.write(Data("notebook: running \(folder.executable) \(arguments.joined(separator: " "))\n".utf8))
            let result = try ChapterProcess.run(program, arguments: arguments)
            let transcript = RunTranscript(output: result.output)
            guard result.status == 0 else {
                // An older page there would show files this run may have half replaced: it goes.
                if let folder = transcript.folder { try? FileManager.default.removeItem(atPath: folder + "/index.html") }
                throw NotebookError("\(folder.executable) stopped with status \(result.status) (its messages are above); no page written")
            }
            guard let outputFolder = transcript.folder else {
                throw NotebookError("\(folder.executable) opened no output folder (did the options ask only for --help?); no page written")
            }
            let page = NotebookPage(
                source: try ChapterSource(contentsOf: folder.mainFile),
                otherFiles: try folder.otherFiles().map(ChapterSource.init(contentsOf:)),
                transcript: transcript,
                run: .init(command: (["swift run \(folder.executable)"] + arguments).joined(separator: " "), seconds: result.seconds, date: Date()),
                index: .init(title: "Course", href: "../index.html"),
                previous: neighbour(of: folder, offset: -1, in: chapters, pagesIn: outputFolder),
                next: neighbour(of: folder, offset: 1, in: chapters, pagesIn: outputFolder))
            let pageURL = URL(fileURLWithPath: outputFolder).appendingPathComponent("index.html")
            try write(page.html(), to: pageURL)
            try listWithTheRunsFiles(pageURL)
            pagesWritten.append(pageURL)
            print("Notebook page: \(pageURL.path)")
        }

        // The course index goes beside the chapter folders, when they are named like the chapters.
        let pagesRoot = pagesWritten[0].deletingLastPathComponent().deletingLastPathComponent()
        let indexURL = pagesRoot.appendingPathComponent("index.html")
        if zip(pagesWritten, chapters).allSatisfy({ $0.deletingLastPathComponent().lastPathComponent == $1.executable }) {
            try write(courseIndex(root: root, pagesRoot: pagesRoot, binaries: binaries).html(), to: indexURL)
            print("Course index:  \(indexURL.path)")
        } else {
            print("No course index: it is made beside output folders named chapter-NN, and this one is named otherwise.")
        }
        print("Open it in a browser, e.g. xdg-open \(pagesWritten.count == 1 ? pagesWritten[0].path : indexURL.path) (Linux) or open … (macOS).")
    }

    /// The package this command was built from.
    func packageRoot() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `swift build` of one product (or everything), with the configuration and traits this command was built with.
    func build(_ product: String?, in root: URL, binaries: URL) throws {
        var arguments = ["build"]
        if binaries.lastPathComponent == "release" { arguments += ["-c", "release"] }
        #if Solutions
        arguments += ["--traits", "Solutions"]
        #endif
        if let product { arguments += ["--product", product] }
        FileHandle.standardError.write(Data("notebook: swift \(arguments.joined(separator: " "))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NotebookError("swift \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)); see the messages above")
        }
    }

    /// The value of `--output` among the chapter's options, if given.
    func outputOption(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--output", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--output=") { return String(argument.dropFirst("--output=".count)) }
        }
        return nil
    }

    func replacingOutput(in arguments: [String], with folder: String) -> [String] {
        guard let index = arguments.firstIndex(of: "--output"), index + 1 < arguments.count else { return arguments + ["--output", folder] }
        var arguments = arguments
        arguments[index + 1] = folder
        return arguments
    }

    /// The page of the chapter `offset` away, when it exists (or is being made) beside this one.
    func neighbour(of folder: ChapterFolder, offset: Int, in chapters: [ChapterFolder], pagesIn outputFolder: String) -> NotebookPage.Link? {
        let parent = URL(fileURLWithPath: outputFolder).deletingLastPathComponent()
        guard URL(fileURLWithPath: outputFolder).lastPathComponent == folder.executable,
              let all = try? ChapterFolder.all(in: packageRoot()), let here = all.firstIndex(of: folder),
              all.indices.contains(here + offset) else { return nil }
        let other = all[here + offset]
        let beingMade = chapter == "all" && chapters.contains(other)
        guard beingMade || FileManager.default.fileExists(atPath: parent.appendingPathComponent("\(other.executable)/index.html").path) else { return nil }
        return .init(title: "Chapter \(other.number)", href: "../\(other.executable)/index.html")
    }

    func courseIndex(root: URL, pagesRoot: URL, binaries: URL) -> CourseIndexPage {
        let entries = ((try? ChapterFolder.all(in: root)) ?? []).map { folder in
            let page = pagesRoot.appendingPathComponent("\(folder.executable)/index.html")
            let title = (try? String(contentsOf: page, encoding: .utf8)).flatMap { $0.firstMatch(of: /<title>([^<]*)<\/title>/).map { String($0.1) } }
            return CourseIndexPage.Entry(executable: folder.executable, title: title ?? folder.name,
                                         href: title == nil ? nil : "\(folder.executable)/index.html")
        }
        let readme = try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var progress: String?
        let exercises = binaries.appendingPathComponent("exercises")
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("Exercises").path),
           FileManager.default.isExecutableFile(atPath: exercises.path),
           let result = try? ChapterProcess.run(exercises, arguments: [], echo: nil) {
            progress = RunTranscript.visible(result.output)
        }
        return CourseIndexPage(entries: entries, courseMap: readme.flatMap(CourseIndexPage.courseMap(fromReadme:)), exerciseProgress: progress)
    }

    /// Puts the page on the list of files its chapter run wrote (`OutputFolder.manifestName`), so that the
    /// next run into that folder removes it with the run's other files instead of refusing a file it did not write.
    func listWithTheRunsFiles(_ page: URL) throws {
        let manifest = page.deletingLastPathComponent().appendingPathComponent(OutputFolder.manifestName)
        guard let listed = try? String(contentsOf: manifest, encoding: .utf8) else { return }
        guard !listed.split(separator: "\n").contains(Substring(page.lastPathComponent)) else { return }
        try write(listed + (listed.hasSuffix("\n") || listed.isEmpty ? "" : "\n") + page.lastPathComponent + "\n", to: manifest)
    }

    func write(_ html: String, to url: URL) throws {
        do {
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw NotebookError("could not write \(url.path): \(error.localizedDescription)")
        }
    }
}

NotebookCommand.main()
