import Foundation
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import ShenpiStore

/// One business-registration case from submission to 办结: submit at the
/// window, accept, the four parallel reviews (market in two steps), issue.
struct RegistrationScript {
    let machine: Machine
    let commands: [(Command, Int)]

    init(machine: Machine) {
        self.machine = machine
        func officer(_ id: String, _ role: String) -> Actor { Actor(id: id, roles: [role]) }
        let fields: [String: FieldValue] = [
            "company-name": .string("某某科技有限公司"), "contact-name": .string("张三"), "contact-phone": .string("0571-85100001"),
            "premises-type": .string("owned"), "needs-prior-approval": .boolean(false), "by-agent": .boolean(false),
        ]
        // (command, seconds after 2025-09-22T09:30)
        commands = [
            (.submit(fields: fields, materials: machine.materials.map(\.id), channel: .window), 0),
            (.decide(node: "accept", decision: "accept", actor: officer("w1", "window"), comment: nil), 1800),
            (.decide(node: "market-review", decision: "recommend-approve", actor: officer("m1", "market-reviewer"), comment: nil), 86_400),
            (.decide(node: "market-approve", decision: "approve", actor: officer("m2", "market-head"), comment: "同意"), 87_000),
            (.decide(node: "quality-code", decision: "pass", actor: officer("q1", "quality-officer"), comment: nil), 87_600),
            (.decide(node: "national-tax-register", decision: "pass", actor: officer("n1", "national-tax-officer"), comment: nil), 88_200),
            (.decide(node: "local-tax-register", decision: "pass", actor: officer("l1", "local-tax-officer"), comment: nil), 88_800),
            (.decide(node: "issue", decision: "issue", actor: officer("i1", "issue-window"), comment: nil), 172_800),
        ]
    }

    var commandsPerCase: Int { commands.count }
    static let start = Instant(iso: "2025-09-22T09:30")!

    /// (a) The pure step on one thread: no encoding, no I/O. With
    /// `buildingEvents`, every command's `CaseEvent`s and effects are also
    /// built from its record, as the store does before encoding them.
    func runPure(cases: Int, calendar: WorkingCalendar, buildingEvents: Bool = false) -> Rate {
        var finished = 0
        var built = 0
        // One record for every command, as a host that handles a command's
        // events before the next keeps it: its buffers are reused.
        var record = StepRecord()
        func oneCase(_ i: Int) {
            var state = CaseState(id: "B-\(i)")
            for (command, offset) in commands {
                // In place: a host keeps only the state after the command.
                do {
                    try step(machine, into: &state, command, at: Self.start.adding(seconds: offset), calendar: calendar,
                             recording: &record)
                    if buildingEvents {
                        let events = record.events
                        built &+= events.count &+ Effect.of(events).count
                    }
                } catch {
                    return
                }
            }
            if state.isFinished { finished += 1 }
        }
        for i in 0..<min(cases, 200) { oneCase(-i - 1) }  // warm-up
        finished = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        for i in 0..<cases { oneCase(i) }
        let seconds = elapsed(since: t0)
        precondition(finished == cases, "the script did not finish every case")
        precondition(!buildingEvents || built > 0, "no events were built")
        return Rate(commands: cases * commands.count, transactions: 0, seconds: seconds)
    }

    /// (b) with its floor: every command through `CaseEngine`, one
    /// transaction each, and the same number of raw single-row inserts into
    /// a second file in the same folder, interleaved chunk by chunk so that
    /// both meet the same disk (its speed drifts by tens of percent within
    /// seconds on shared machines).
    func runDurableBesideRaw(cases: Int, chunk: Int = 10, folder: String, durability: Durability,
                             calendars: CalendarRegistry) throws -> (durable: Rate, raw: Rate, chunkRatios: [Double]) {
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: folder + "/durable.sqlite", durability: durability), calendars: calendars)
        try engine.deploy(machine, at: Self.start)
        var raw = try RawInsertBench(path: folder + "/raw.sqlite", durability: durability)
        var durable = Rate(commands: cases * commands.count, transactions: cases * commands.count, seconds: 0)
        var rawRate = durable
        var chunkRatios: [Double] = []
        for first in stride(from: 0, to: cases, by: chunk) {
            let range = first..<min(first + chunk, cases)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c0 = threadCPUSeconds()
            for i in range { try runCase("B-\(i)", engine) }
            let durableSeconds = elapsed(since: t0)
            durable.seconds += durableSeconds
            durable.cpuSeconds += threadCPUSeconds() - c0
            let c1 = threadCPUSeconds()
            let rawSeconds = try raw.insert(range.count * commands.count)
            rawRate.seconds += rawSeconds
            rawRate.cpuSeconds += threadCPUSeconds() - c1
            chunkRatios.append(rawSeconds / durableSeconds)  // same count on both sides: the rate ratio
        }
        return (durable, rawRate, chunkRatios)
    }

    /// One case, one transaction per command.
    private func runCase(_ id: String, _ engine: CaseEngine) throws {
        var version = try engine.open(id, machine: .fingerprint(machine.fingerprint), submit: commands[0].0, at: Self.start).version
        for (command, offset) in commands.dropFirst() {
            version = try engine.apply(id, command, expectedVersion: version, at: Self.start.adding(seconds: offset)).version
        }
    }

    /// (c): the commands of `batch` cases per transaction, on a file at `durability`.
    func runGrouped(cases: Int, batch: Int, path: String, durability: Durability, calendars: CalendarRegistry) throws -> Rate {
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path, durability: durability), calendars: calendars)
        try engine.deploy(machine, at: Self.start)
        var transactions = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        for first in stride(from: 0, to: cases, by: batch) {
            try engine.batch { tx in
                for i in first..<min(first + batch, cases) {
                    try tx.open("B-\(i)", machine: .fingerprint(machine.fingerprint), submit: commands[0].0, at: Self.start)
                }
                for (command, offset) in commands.dropFirst() {
                    for i in first..<min(first + batch, cases) {
                        try tx.apply("B-\(i)", command, expectedVersion: nil, at: Self.start.adding(seconds: offset))
                    }
                }
            }
            transactions += 1
        }
        return Rate(commands: cases * commands.count, transactions: transactions, seconds: elapsed(since: t0))
    }
}

/// The floor under (b): one single-row insert per transaction, same
/// configuration (WAL, synchronous=FULL), same folder.
struct RawInsertBench {
    let database: AppDatabase
    let payload = Data(repeating: 0x5a, count: 256)
    var next = 0

    init(path: String, durability: Durability) throws {
        database = try AppDatabase.openFile(atPath: path, durability: durability)
        try database.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    }

    /// Inserts `count` rows, one transaction each; returns the seconds taken.
    mutating func insert(_ count: Int) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            try database.execute("INSERT INTO raw (id, payload) VALUES (?, ?)", next, payload)
            next += 1
        }
        return elapsed(since: t0)
    }
}
