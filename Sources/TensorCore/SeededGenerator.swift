/// A small, fast random number generator (xoshiro256**) seeded through SplitMix64.
///
/// The same seed gives the same numbers on every run and every machine, so a chapter
/// run with `--seed 7` can be reproduced exactly. Pass it `inout` wherever randomness is needed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal sample (Box–Muller, computed in `Double`).
    public mutating func nextNormal() -> Double {
        if let cached = spare { spare = nil; return cached }
        var u1 = nextUnitDouble()
        while u1 <= 0 { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }

    private var spare: Double?

    /// A new generator whose stream is independent of this one, e.g. one for data shuffling and one for weights.
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}

import Foundation
