import ArgumentParser
import ShenpiCalendar

/// `shenpi calendar bench` (hidden): times the calendar arithmetic and the
/// legal clock over random inputs from a seeded generator and prints JSON.
/// Run it in release: `swift run -c release shenpi calendar bench`.
struct CalendarBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark working-day arithmetic and legal clocks; prints JSON.",
        shouldDisplay: false
    )

    @Option(help: "Inputs per operation.")
    var count = 1_000_000

    @Option(help: "Seed of the pseudo-random inputs.")
    var seed: UInt64 = 20_261_129

    func run() throws {
        let registry = try CalendarSupport.bundled()
        let cn = try registry.calendar("cn")
        let center = try registry.calendar("example-center")
        var rng = SplitMix64(seed: seed)
        let first = CivilDate(iso: "2015-01-01")!.daysSinceEpoch
        let lastStart = CivilDate(iso: "2026-03-31")!.daysSinceEpoch
        func randomDate() -> CivilDate { CivilDate(daysSinceEpoch: Int.random(in: first...lastStart, using: &rng)) }
        func randomInstant() -> Instant { Instant(date: randomDate(), secondOfDay: Int.random(in: 0..<86_400, using: &rng)) }

        var results: [(String, Int, Double)] = []
        var checksum = 0

        let adds = (0..<count).map { _ in (randomDate(), Int.random(in: 1...60, using: &rng)) }
        results.append(("addWorkdays", count, try time {
            for (d, n) in adds { checksum &+= try cn.addingWorkdays(n, to: d).value.day }
        }))

        // Same operation, n up to 1 900 working days (7½ years): the cost must not grow with n.
        let lastLong = CivilDate(iso: "2018-06-30")!.daysSinceEpoch
        let longAdds = (0..<count).map { _ in
            (CivilDate(daysSinceEpoch: Int.random(in: first...lastLong, using: &rng)), Int.random(in: 1000...1900, using: &rng))
        }
        results.append(("addWorkdaysLong", count, try time {
            for (d, n) in longAdds { checksum &+= try cn.addingWorkdays(n, to: d).value.day }
        }))

        let spans = (0..<count).map { _ in (randomDate(), randomDate()) }
        results.append(("workdaysBetween", count, try time {
            for (a, b) in spans { checksum &+= try cn.workdays(from: a, to: b).value }
        }))

        let hourAdds = (0..<count).map { _ in (randomInstant(), Int.random(in: 1...200, using: &rng)) }
        results.append(("addWorkingHours", count, try time {
            for (t, h) in hourAdds { checksum &+= try center.addingWorkingHours(h, to: t).value.secondOfDay }
        }))

        let lives = (0..<count).map { _ in CalendarBenchClock(&rng, start: randomInstant()) }
        results.append(("clockLifecycle", count, try time {
            for s in lives { checksum &+= try s.play(on: cn).reading(at: s.readAt).elapsed.value }
        }))

        let pool = try lives.prefix(4096).map { try $0.play(on: cn) }
        let readings = (0..<count).map { i in (i & 4095, lives[i & 4095].readAt.adding(seconds: Int.random(in: 0..<2_000_000, using: &rng))) }
        results.append(("clockReading", count, try time {
            for (i, t) in readings { checksum &+= try pool[i].reading(at: t).remaining.value }
        }))

        print(json(results, checksum: checksum))
    }

    func time(_ body: () throws -> Void) throws -> Double {
        let d = try ContinuousClock().measure(body)
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func json(_ results: [(String, Int, Double)], checksum: Int) -> String {
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        let rows = results.map { name, ops, seconds in
            let ns = seconds * 1e9 / Double(ops)
            return "    {\"name\": \"\(name)\", \"ops\": \(ops), \"seconds\": \(rounded(seconds, 4)), \"nsPerOp\": \(rounded(ns, 1))}"
        }
        return "{\n  \"benchmark\": \"calendar\",\n  \"build\": \"\(build)\",\n  \"seed\": \(seed),\n  \"checksum\": \(checksum),\n  \"results\": [\n"
            + rows.joined(separator: ",\n") + "\n  ]\n}"
    }

    func rounded(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return String((x * scale).rounded() / scale)
    }
}

/// One random clock life: start, a pause and resume, maybe an extension.
struct CalendarBenchClock {
    let start: Instant
    let limit: Int
    let pauseAt: Instant
    let resumeAt: Instant
    let extra: Int
    let readAt: Instant

    init(_ rng: inout SplitMix64, start: Instant) {
        self.start = start
        limit = Int.random(in: 1...30, using: &rng)
        pauseAt = start.adding(seconds: Int.random(in: 0..<10 * 86_400, using: &rng))
        resumeAt = pauseAt.adding(seconds: Int.random(in: 0..<20 * 86_400, using: &rng))
        extra = Int.random(in: 0...10, using: &rng)
        readAt = resumeAt.adding(seconds: Int.random(in: 0..<20 * 86_400, using: &rng))
    }

    func play(on cal: WorkingCalendar) throws -> LegalClock {
        var clock = try LegalClock(limit: TimeLimit(limit, .workdays), startingAt: start, calendar: cal)
        try clock.pause(at: pauseAt, reason: .expertReview)
        if extra > 0, clock.due.map({ pauseAt < $0 }) ?? true {
            try clock.extend(by: extra, approvedBy: "head", at: pauseAt)
        }
        try clock.resume(at: resumeAt)
        return clock
    }
}
