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

    /// (a) The pure step on one thread: no encoding, no I/O.
    func runPure(cases: Int, calendar: WorkingCalendar) -> Rate {
        var finished = 0
        func oneCase(_ i: Int) {
            var state = CaseState(id: "B-\(i)")
            for (command, offset) in commands {
                guard case .success(let t) = step(machine, state, command, at: Self.start.adding(seconds: offset), calendar: calendar) else { return }
                state = t.state
            }
            if state.isFinished { finished += 1 }
        }
        for i in 0..<min(cases, 200) { oneCase(-i - 1) }  // warm-up
        finished = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        for i in 0..<cases { oneCase(i) }
        let seconds = elapsed(since: t0)
        precondition(finished == cases, "the script did not finish every case")
        return Rate(commands: cases * commands.count, transactions: 0, seconds: seconds)
    }

    /// (b) and (c): every command through `CaseEngine` on a file at FULL
    /// durability, `batch` cases' commands per transaction.
    func runDurable(cases: Int, batch: Int, path: String, calendars: CalendarRegistry) throws -> Rate {
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path, durability: .full), calendars: calendars)
        try engine.deploy(machine, at: Self.start)
        var transactions = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        if batch == 1 {
            for i in 0..<cases {
                let id = "B-\(i)"
                var version = try engine.open(id, machine: .fingerprint(machine.fingerprint), submit: commands[0].0, at: Self.start).version
                for (command, offset) in commands.dropFirst() {
                    version = try engine.apply(id, command, expectedVersion: version, at: Self.start.adding(seconds: offset)).version
                }
                transactions += commands.count
            }
        } else {
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
        }
        return Rate(commands: cases * commands.count, transactions: transactions, seconds: elapsed(since: t0))
    }
}

/// The floor under (b): one single-row insert per transaction, same
/// configuration (WAL, synchronous=FULL), same folder.
enum RawInsertBench {
    static func run(inserts: Int, path: String) throws -> Rate {
        let database = try AppDatabase.openFile(atPath: path, durability: .full)
        try database.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        let payload = Data(repeating: 0x5a, count: 256)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for i in 0..<inserts {
            try database.execute("INSERT INTO raw (id, payload) VALUES (?, ?)", i, payload)
        }
        return Rate(commands: inserts, transactions: inserts, seconds: elapsed(since: t0))
    }
}
