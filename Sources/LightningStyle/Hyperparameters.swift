/// The hyper-parameters a module saved, in the order they were given, as text (as in `hparams.yaml`).
public struct Hyperparameters: Sendable, Equatable {
    /// Name and value, in the order saved.
    public private(set) var entries: [(name: String, value: String)] = []

    public init() {}

    /// The value saved under `name`; setting one again replaces it in place.
    public subscript(name: String) -> String? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    /// The value saved under `name` as a number, or nil.
    public func double(_ name: String) -> Double? { self[name].flatMap(Double.init) }

    /// The value saved under `name` as a whole number, or nil.
    public func int(_ name: String) -> Int? { self[name].flatMap(Int.init) }

    /// `name: value` lines, as Lightning's `hparams.yaml`.
    public var yaml: String { entries.map { "\($0.name): \($0.value)\n" }.joined() }

    public static func == (a: Hyperparameters, b: Hyperparameters) -> Bool {
        a.entries.map(\.name) == b.entries.map(\.name) && a.entries.map(\.value) == b.entries.map(\.value)
    }
}
