extension Instant {
    /// Parses ISO 8601: `2025-09-26` (Beijing midnight), `2025-09-26T09:30`,
    /// `2025-09-26T09:30:15`, each optionally followed by `Z` or an offset such
    /// as `+08:00`. Without an offset the time is Beijing time.
    public init?(iso text: some StringProtocol) {
        let text = String(text)
        guard text.count >= 10, let date = CivilDate(iso: text.prefix(10)) else { return nil }
        var rest = Substring(text.dropFirst(10))
        if rest.isEmpty {
            self = .startOfDay(date)
            return
        }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()

        var offset = Self.utcOffsetSeconds
        if rest.hasSuffix("Z") {
            offset = 0
            rest = rest.dropLast()
        } else if rest.count > 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-" {
            guard let minutes = Self.clockMinutes(rest.suffix(5)), minutes < 24 * 60 else { return nil }
            offset = (sign == "+" ? 1 : -1) * minutes * 60
            rest = rest.dropLast(6)
        }

        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) ?? 99 : 0
        guard let local = Instant(date: date, hour: h, minute: m, second: s) else { return nil }
        self = local.adding(seconds: Self.utcOffsetSeconds - offset)
    }

    /// `HH:MM` → minutes since midnight, accepting `24:00`.
    static func clockMinutes(_ text: some StringProtocol) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(parts[0]), let m = Int(parts[1]), m < 60, h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }
}
