import Foundation

/// The lines a chapter adds to its standard output when `swift run notebook` runs it, so that the
/// notebook page can put each section's printed output and files under that section's prose.
///
/// A marker is one line: the record separator U+001E, the kind, a tab, the value. Chapters print
/// them only when the environment variable `GAN_COURSE_NOTEBOOK` is set (the `notebook` command sets
/// it and removes the markers from what it shows), so a chapter run by hand prints none.
public enum NotebookMarker: String, Sendable, CaseIterable {
    /// The chapter's title (`printTitle`).
    case title
    /// A section heading (`printSection`): output and files up to the next one belong to it.
    case section
    /// The chapter's output folder, as an absolute path.
    case folder
    /// A file written into the output folder, by its name there.
    case file

    /// Set to any value to make chapters print the markers.
    public static let environmentVariable = "GAN_COURSE_NOTEBOOK"

    /// The first character of every marker line.
    public static let lead: Character = "\u{1E}"

    /// Whether this run prints markers.
    public static let isActive = ProcessInfo.processInfo.environment[environmentVariable] != nil

    /// Prints the marker with `value` (newlines and tabs become spaces) when `isActive`, then flushes
    /// standard output so that `notebook`, reading through a pipe, shows each section as it starts.
    public func emit(_ value: String) {
        guard Self.isActive else { return }
        print(line(value))
        fflush(nil)
    }

    /// The marker line for `value`, without the newline.
    public func line(_ value: String) -> String {
        let flat = value.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 }
        return "\(Self.lead)\(rawValue)\t\(String(flat))"
    }

    /// The marker and its value, if `line` is a marker line.
    public static func parse<S: StringProtocol>(_ line: S) -> (marker: NotebookMarker, value: String)? {
        guard line.first == lead, let tab = line.firstIndex(of: "\t"),
              let marker = NotebookMarker(rawValue: String(line[line.index(after: line.startIndex)..<tab])) else { return nil }
        return (marker, String(line[line.index(after: tab)...]))
    }
}
