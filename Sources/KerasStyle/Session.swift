import Foundation
import TensorCore

/// What Keras keeps per Python session: the counters behind automatic layer names (`dense`, `dense_1`, …)
/// and the seed generator that initialisers without a seed of their own draw from.
public enum Session {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counters: [String: Int] = [:]
    nonisolated(unsafe) private static var generator = SeededGenerator(seed: 1337)

    /// Keras's `keras.utils.set_random_seed(seed)`: the weights of models built afterwards are reproducible.
    public static func setRandomSeed(_ seed: UInt64) {
        lock.withLock { generator = SeededGenerator(seed: seed) }
    }

    /// Keras's `keras.backend.clear_session()`: automatic names start again from `dense`, `sequential`, ….
    public static func clear() {
        lock.withLock { counters = [:] }
    }

    /// The next automatic name for a layer class, Keras-style: `prefix`, then `prefix_1`, `prefix_2`, ….
    static func uniqueName(_ prefix: String) -> String {
        lock.withLock {
            let n = counters[prefix, default: 0]
            counters[prefix] = n + 1
            return n == 0 ? prefix : "\(prefix)_\(n)"
        }
    }

    /// An independent generator split from the session's, for one initialiser call.
    static func splitGenerator() -> SeededGenerator {
        lock.withLock { generator.split() }
    }
}
