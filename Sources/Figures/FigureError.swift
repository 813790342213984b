/// An error from reading or writing a figure, image or data file.
///
/// Every case names the file, what was expected and what was found, so the message
/// alone tells the reader what to fix.
public enum FigureError: Error, Equatable, CustomStringConvertible {
    /// The file could not be created, written or renamed into place.
    case cannotWrite(path: String, reason: String)
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file was read but its contents are not what the format requires.
    case invalidContents(path: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .cannotRead(path, reason): "cannot read \(path): \(reason)"
        case let .invalidContents(path, expected, found): "\(path): expected \(expected), found \(found)"
        }
    }
}
