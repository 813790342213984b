import Foundation
import TensorCore

/// A seed for one of an epoch's random streams (a chapter numbers its own: shuffling, noise, dropout, …), derived
/// from the run's seed, so that a run resumed at an epoch boundary draws exactly what the uninterrupted run would have.
public func epochSeed(_ seed: UInt64, epoch: Int, stream: UInt64) -> UInt64 {
    var generator = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15 &+ stream)
    return generator.next()
}

/// "samples/epoch-007.png": the fixed-noise grid saved after an epoch.
public func epochGridName(_ epoch: Int) -> String { "samples/epoch-\(String(format: "%03d", epoch)).png" }
