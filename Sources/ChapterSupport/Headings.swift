/// Prints a chapter's title, underlined with `=`, as the first thing the run shows.
public func printTitle(_ chapter: Chapter) {
    let title = "Chapter \(chapter.number): \(chapter.title)"
    NotebookMarker.title.emit(title)
    print(title)
    print(String(repeating: "=", count: title.count))
}

/// Prints a section heading, underlined with `-`, preceded by a blank line.
public func printSection(_ title: String) {
    NotebookMarker.section.emit(title)
    print("")
    print(title)
    print(String(repeating: "-", count: title.count))
}
