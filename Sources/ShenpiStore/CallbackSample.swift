import ShenpiCalendar

/// The daily callback sample (回访): at least 10% of the applicants served
/// on a day, drawn reproducibly.
public enum CallbackSampling {
    /// ⌈n / 10⌉: at least one applicant in ten (none when nobody was served).
    public static func sampleSize(_ n: Int) -> Int { (n + 9) / 10 }

    /// The sample of the day's `served` applicants (by case id): ⌈n / 10⌉ of
    /// all of them, drawn among those with a phone number — a case without
    /// one in the sample is a callback nobody can make; and how many were
    /// left out for that.
    public static func sample(_ served: [String: CallbackEntry], seed: UInt64) -> (sample: [CallbackEntry], withoutPhone: Int) {
        let callable = served.filter { $0.value.phone != nil }
        let picked = draw(Array(callable.keys), size: sampleSize(served.count), seed: seed)
        return (picked.compactMap { served[$0] }, served.count - callable.count)
    }

    /// The seed used when none is given: the day as the number `yyyymmdd`.
    public static func defaultSeed(_ day: CivilDate) -> UInt64 {
        UInt64(day.year * 10_000 + day.month * 100 + day.day)
    }

    /// `size` distinct members of `population`: the population is sorted,
    /// then a partial Fisher–Yates shuffle driven by SplitMix64(`seed`)
    /// picks position i from `i ..< n` for i = 0, 1, …; the picks are
    /// returned sorted. Same population and seed ⇒ same sample.
    public static func draw(_ population: [String], size: Int, seed: UInt64) -> [String] {
        var items = population.sorted()
        let k = min(max(size, 0), items.count)
        var rng = SplitMix64(seed: seed)
        for i in 0..<k {
            let j = i + Int(rng.below(UInt64(items.count - i)))
            items.swapAt(i, j)
        }
        return items.prefix(k).sorted()
    }
}
