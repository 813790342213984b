/// Stops the program with `message` unless `condition` holds. Unlike `precondition`, which the `-Ounchecked`
/// setting of the library's targets removes, this check stays in every build: use it where a caller's
/// mistake would otherwise go on silently with wrong numbers.
@inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
