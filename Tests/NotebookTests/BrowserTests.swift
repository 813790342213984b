import Figures
import Foundation
import Testing

/// Opens a real notebook page in headless Chromium. CI (`.ci/run`) builds chapter 4's page from its quick
/// run and names it in `GAN_COURSE_NOTEBOOK_PAGE`; without that variable the test does not run.
/// `GAN_COURSE_NOTEBOOK_SCREENSHOT`, if set, is where the screenshot is kept.
@Suite struct BrowserTests {
    static let page = ProcessInfo.processInfo.environment["GAN_COURSE_NOTEBOOK_PAGE"]

    @Test(.enabled(if: page != nil, "set GAN_COURSE_NOTEBOOK_PAGE to a notebook page (.ci/run does)"), .timeLimit(.minutes(3)))
    func pageLoadsInChromiumWithEveryImage() throws {
        let page = URL(fileURLWithPath: Self.page!).standardizedFileURL
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(wellFormednessProblems(html) == [])
        for image in imageSources(html) {
            let file = page.deletingLastPathComponent().appendingPathComponent(image.removingPercentEncoding ?? image)
            #expect(FileManager.default.fileExists(atPath: file.path), "\(image) is missing beside the page")
        }
        let chromium = try #require(["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Self.executable).first,
                                    "no chromium on PATH: `apt-get install chromium` (.ci/run installs it)")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-browser-\(UInt64.random(in: 0..<UInt64.max))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // 1. The page with a probe: a <base> so that its relative images resolve beside the real page, and a
        //    script that records errors and, once everything has loaded, each image's natural width.
        let probe = """
        <base href="\(page.deletingLastPathComponent().absoluteString)">
        <script>
        var probeErrors = [];
        window.addEventListener('error', function (e) { probeErrors.push(e.message || ('could not load ' + (e.target.src || e.target.href || e.target.tagName))); }, true);
        ['error', 'warn'].forEach(function (level) { var original = console[level]; console[level] = function () { probeErrors.push(level + ': ' + Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); }; });
        window.addEventListener('load', function () {
          var result = document.createElement('pre');
          result.id = 'probe-result';
          result.textContent = JSON.stringify({
            images: Array.prototype.map.call(document.images, function (i) { return { src: i.getAttribute('src'), naturalWidth: i.naturalWidth }; }),
            errors: probeErrors, textLength: document.body.innerText.length });
          document.body.appendChild(result);
        });
        </script>
        """
        let headOpen = try #require(html.range(of: "<head>"))
        let probePage = work.appendingPathComponent("probe.html")
        try (html.replacingCharacters(in: headOpen, with: "<head>" + probe)).write(to: probePage, atomically: true, encoding: .utf8)
        let dump = try Self.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                           "--virtual-time-budget=15000", "--dump-dom", probePage.absoluteString])
        let json = try #require(dump.output.firstMatch(of: /<pre id="probe-result">(.*?)<\/pre>/)?.1, "Chromium's DOM has no probe result:\n\(dump.errors.suffix(2000))")
        let unescaped = String(json).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let result = try JSONDecoder().decode(ProbeResult.self, from: Data(unescaped.utf8))
        #expect(result.errors == [], "the page logged errors")
        let consoleLines = dump.errors.split(separator: "\n").filter { $0.contains(":CONSOLE(") }
        #expect(consoleLines.isEmpty, "the page logged to the console: \(consoleLines)")
        #expect(result.textLength > 2000, "the page shows almost no text")
        #expect(result.images.count >= 3, "chapter 4's page shows its figures")
        for image in result.images { #expect(image.naturalWidth > 0, "\(image.src) did not load") }

        // 2. A screenshot of the page itself, which must not be blank.
        let shot = work.appendingPathComponent("page.png")
        _ = try Self.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1400",
                                    "--virtual-time-budget=15000", "--screenshot=\(shot.path)", page.absoluteString])
        let image = try Image(pngFile: shot).converted(toChannels: 3)
        #expect(image.width == 900 && image.height == 1400)
        var counts: [UInt32: Int] = [:]
        for pixel in stride(from: 0, to: image.pixels.count, by: 3) {
            let key = UInt32(image.pixels[pixel]) << 16 | UInt32(image.pixels[pixel + 1]) << 8 | UInt32(image.pixels[pixel + 2])
            counts[key, default: 0] += 1
        }
        let background = counts.values.max() ?? 0
        let inked = 1 - Double(background) / Double(image.width * image.height)
        #expect(inked > 0.03, "the screenshot is almost one colour (\(inked * 100)% of pixels differ from the background)")
        #expect(counts.count > 50, "the screenshot has only \(counts.count) colours")
        if let keep = ProcessInfo.processInfo.environment["GAN_COURSE_NOTEBOOK_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
        }
    }

    struct ProbeResult: Decodable {
        struct LoadedImage: Decodable { let src: String; let naturalWidth: Int }
        let images: [LoadedImage]
        let errors: [String]
        let textLength: Int
    }

    static func executable(_ name: String) -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs a program and returns its standard output and standard error; fails if it does not exit 0.
    static func run(_ program: URL, _ arguments: [String]) throws -> (output: String, errors: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UInt64.random(in: 0..<UInt64.max))")
        _ = FileManager.default.createFile(atPath: output.path + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: output.path + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output.path + ".out"); try? FileManager.default.removeItem(atPath: output.path + ".err") }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + ".err"))
        try process.run()
        process.waitUntilExit()
        let out = try String(contentsOfFile: output.path + ".out", encoding: .utf8)
        let err = try String(contentsOfFile: output.path + ".err", encoding: .utf8)
        try #require(process.terminationStatus == 0, "\(program.lastPathComponent) exited with \(process.terminationStatus):\n\(err.suffix(2000))")
        return (out, err)
    }
}
