/// A problem with a chapter's options or paths, found before any work starts.
///
/// It names the option and the path or value, what was expected and what was found, and what to do:
/// `--batch-size 100000: expected at most 4,500 (the training set's images), found 100000. Use …`
public struct RunSetupError: Error, CustomStringConvertible, Equatable {
    /// The option at fault, e.g. `--output`.
    public let option: String
    /// The value or path given.
    public let value: String
    public let expected: String
    public let found: String
    /// What to do about it.
    public let advice: String?

    public init(option: String, value: String, expected: String, found: String, advice: String? = nil) {
        self.option = option
        self.value = value
        self.expected = expected
        self.found = found
        self.advice = advice
    }

    public var description: String {
        "\(option) \(value): expected \(expected), found \(found)." + (advice.map { "\n" + $0 } ?? "")
    }
}
