// Lives in the calendar target only because every target that needs a
// seeded generator (catalog generator, benchmarks, callback sampling) depends
// on it; it knows nothing of calendars.

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully specified PRNG, so a
/// seed gives the same catalog, benchmark inputs or callback sample anywhere,
/// years later.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0 ..< bound` by rejection (no modulo bias).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return x % bound }
        }
    }
}
