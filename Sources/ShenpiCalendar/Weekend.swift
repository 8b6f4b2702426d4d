/// The weekly days off of a calendar, and working-day arithmetic that knows
/// nothing else: what is used past the covered range, as a guess.
/// Every operation is O(1): whole weeks are counted at once.
struct Weekend: Hashable, Sendable {
    /// Bit `w` set for ISO weekday `w` (1 = Monday … 7 = Sunday) off.
    let mask: UInt8
    let workingPerWeek: Int

    init(days: Set<Int>) {
        mask = days.reduce(0) { $0 | UInt8(1) << UInt8($1) }
        workingPerWeek = 7 - days.count
        precondition(workingPerWeek > 0, "a week needs a working day")
    }

    /// Is the day (days since epoch) a weekly day off?
    func isOff(day: Int) -> Bool {
        mask & (UInt8(1) << UInt8(CivilDate.weekday(daysSinceEpoch: day))) != 0
    }

    /// Working days in `a ..< b` (0 when `b <= a`).
    func count(from a: Int, to b: Int) -> Int {
        guard b > a else { return 0 }
        let weeks = (b - a) / 7
        var total = weeks * workingPerWeek
        var d = a + weeks * 7
        while d < b {
            if !isOff(day: d) { total += 1 }
            d += 1
        }
        return total
    }

    /// The `j`-th (0-based) working day on or after day `a`.
    func working(_ j: Int, onOrAfter a: Int) -> Int {
        var d = a + j / workingPerWeek * 7
        var left = j % workingPerWeek
        while true {
            if !isOff(day: d) {
                if left == 0 { return d }
                left -= 1
            }
            d += 1
        }
    }

    /// The `j`-th (0-based) working day strictly before day `a`.
    func working(_ j: Int, before a: Int) -> Int {
        var d = a - j / workingPerWeek * 7 - 1
        var left = j % workingPerWeek
        while true {
            if !isOff(day: d) {
                if left == 0 { return d }
                left -= 1
            }
            d -= 1
        }
    }
}

extension CivilDate {
    /// ISO weekday (1 = Monday … 7 = Sunday) of a day counted from 1970-01-01.
    static func weekday(daysSinceEpoch day: Int) -> Int {
        let w = (day + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }
}
