import Foundation
import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

/// A call step runs its flow as a case of its own, opened and handed back
/// in the transactions of the commands that cause it.
final class SubcaseTests: XCTestCase {
    let window = StoreFixtures.officer("w1", "window")
    let inspector = StoreFixtures.officer("i1", "inspector")

    func engine(deployingChild: Bool = true) throws -> (CaseEngine, String) {
        let dir = try TemporaryDirectory()
        let path = dir.file("subcases.sqlite")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir.path) }  // XCTest keeps the block (and so dir) alive past the test
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        try engine.deploy(try StoreFixtures.machine("fixtures/subcases/parent.yaml"), at: at("2025-09-01T09:00"))
        if deployingChild { try engine.deploy(try StoreFixtures.machine("fixtures/subcases/child.yaml"), at: at("2025-09-01T09:00")) }
        return (engine, path)
    }

    func submitAndAccept(_ engine: CaseEngine, _ id: String) throws {
        let submit = Command.submit(fields: ["applicant-name": .string("王芳"), "site": .string("西湖区文三路 90 号")],
                                    materials: ["application", "site-plan"], channel: .window)
        try engine.open(id, machine: .workflow("subcase-parent"), submit: submit, at: at("2025-09-22T09:30"))
        try engine.apply(id, .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: 1, at: at("2025-09-22T10:00"))
    }

    func active(_ engine: CaseEngine, _ id: String) throws -> [String] {
        let record = try engine.case(id)
        let m = try engine.machine(record.fingerprint)
        return record.state.tokens.map { m.nodes[$0.node].id }.sorted()
    }

    func testTheCallRunsAsASubcaseAndItsOutcomeMovesTheParentOn() throws {
        let (engine, path) = try engine()
        try submitAndAccept(engine, "P-1")
        let links = try engine.links(ofCase: "P-1")
        XCTAssertNil(links.parent)
        XCTAssertEqual(links.subcases.map { "\($0.caseID) \($0.step) \($0.flow ?? "") \($0.status ?? "")" }, ["P-1~site-inspection~1 site-inspection subcase-child active"])
        let child = links.subcases[0].caseID
        XCTAssertEqual(try engine.links(ofCase: child).parent,
                       CaseLinks.Link(caseID: "P-1", step: "site-inspection", flow: nil, status: nil, fingerprint: try StoreFixtures.machine("fixtures/subcases/parent.yaml").fingerprint))
        // The sub-case got the parent's values and materials of its own ids, entered by the parent.
        let childCase = try engine.case(child)
        XCTAssertEqual(childCase.state.fields, ["site": .string("西湖区文三路 90 号")])
        XCTAssertEqual(childCase.history.first?.event.actor, "P-1")
        XCTAssertEqual(try active(engine, child), ["inspect"])
        XCTAssertEqual(try active(engine, "P-1"), ["paper-review", "site-inspection"])

        // The inspector finishes the sub-case: the parent's call step takes its outcome.
        try engine.apply(child, .decide(node: "inspect", decision: "pass", actor: inspector, comment: nil), expectedVersion: nil, at: at("2025-09-23T10:00"))
        XCTAssertEqual(try active(engine, "P-1"), ["paper-review"])
        let handedBack = try engine.case("P-1").history.map(\.event).first { if case .decided(node: "site-inspection", _, _) = $0.fact { true } else { false } }
        XCTAssertEqual(handedBack?.actor, child)
        if case .decided(_, let decision, _) = handedBack?.fact { XCTAssertEqual(decision, "passed") } else { XCTFail("no decision on the call step") }
        XCTAssertEqual(try engine.links(ofCase: "P-1").subcases.first?.status, "finished")
        // Rules 4: the applicant is told the application's number, the inspector the sub-case's own.
        let notices = try engine.case(child).history.compactMap { if case .notified(let n) = $0.event.fact { "\(n.to): \(n.text)" } else { nil } }
        XCTAssertEqual(notices, ["applicant: 现场核查已通过（受理编号P-1）", "role(\"inspector\"): 核查结果已交回主办件（P-1~site-inspection~1）"])

        try engine.apply("P-1", .decide(node: "paper-review", decision: "pass", actor: window, comment: nil), expectedVersion: nil, at: at("2025-09-23T11:00"))
        try engine.apply("P-1", .decide(node: "decide", decision: "approve", actor: StoreFixtures.officer("w2", "window"), comment: nil),
                         expectedVersion: nil, at: at("2025-09-23T12:00"))
        XCTAssertEqual(try engine.case("P-1").state.outcome, "approved")
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
    }

    func testARefusalElsewhereWithdrawsTheRunningSubcase() throws {
        let (engine, path) = try engine()
        try submitAndAccept(engine, "P-2")
        let child = try XCTUnwrap(try engine.links(ofCase: "P-2").subcases.first?.caseID)
        try engine.apply("P-2", .decide(node: "paper-review", decision: "fail", actor: window, comment: "材料不实"), expectedVersion: nil, at: at("2025-09-23T10:00"))
        XCTAssertEqual(try engine.case("P-2").state.outcome, "refused")
        XCTAssertEqual(try engine.case(child).state.outcome, "withdrawn")
        XCTAssertEqual(try engine.case(child).history.last?.event.actor, "P-2")
        XCTAssertTrue(try engine.workQueue(roles: ["inspector"]).items.isEmpty, "nobody is asked to inspect for a refused case")
        XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
    }

    func testACallWhoseFlowIsNotDeployedRefusesTheCommandWhole() throws {
        let (engine, _) = try engine(deployingChild: false)
        let submit = Command.submit(fields: ["applicant-name": .string("王芳"), "site": .string("文三路")], materials: ["application", "site-plan"], channel: .window)
        try engine.open("P-3", machine: .workflow("subcase-parent"), submit: submit, at: at("2025-09-22T09:30"))
        XCTAssertThrowsError(try engine.apply("P-3", .decide(node: "accept", decision: "accept", actor: window, comment: nil),
                                              expectedVersion: 1, at: at("2025-09-22T10:00"))) {
            XCTAssertEqual($0 as? CaseEngineError, .machineMissing("subcase-child"))
        }
        XCTAssertEqual(try engine.case("P-3").version, 1, "the acceptance is not written either")
        XCTAssertTrue(try engine.links(ofCase: "P-3").subcases.isEmpty)
        XCTAssertEqual(try engine.cases(at: at("2025-09-22T10:00")).map(\.id), ["P-3"])
    }

    /// subcase-screened-parent (its window deemed to accept at the step's
    /// timeout) on a fresh in-memory store with business-registration, and
    /// `child` as the called flow subcase-screening when given.
    func screenedEngine(child: String?) throws -> CaseEngine {
        let engine = try memoryEngine()
        try engine.deploy(try StoreFixtures.machine("fixtures/subcases/screened-parent.yaml"), at: at("2025-09-01T09:00"))
        if let child { try engine.deploy(try StoreFixtures.machine(child), at: at("2025-09-01T09:00")) }
        return engine
    }

    func openScreened(_ engine: CaseEngine, _ id: String, site: String) throws {
        let submit = Command.submit(fields: ["applicant-name": .string("王芳"), "site": .string(site)], materials: ["application"], channel: .window)
        try engine.open(id, machine: .workflow("subcase-screened-parent"), submit: submit, at: at("2025-09-22T09:30"))
    }

    /// A timer whose command would open a sub-case that cannot be opened
    /// (its flow not deployed, or its submission refused) is refused whole:
    /// nothing of it is written, and the other cases' timers still fire.
    func testATimerWhoseSubcaseCannotBeOpenedIsRefusedWholeAndTheOthersFire() throws {
        for child in [nil, "fixtures/subcases/screening-strict.yaml"] {
            let engine = try screenedEngine(child: child)
            try openScreened(engine, "S-2", site: "文三路")
            let m = try StoreFixtures.machine()
            try engine.open("R-1", machine: .workflow(m.workflow), submit: StoreFixtures.submit(m), at: at("2025-09-23T09:30"))
            var fired: [FiredTimer] = []
            XCTAssertNoThrow(fired = try engine.fireDueTimers(upTo: at("2025-09-30T12:00")), "child: \(child ?? "none")")
            XCTAssertEqual(try active(engine, "S-2"), ["accept"], "the deemed acceptance is not written without its sub-case (child: \(child ?? "none"))")
            XCTAssertTrue(try engine.links(ofCase: "S-2").subcases.isEmpty)
            XCTAssertTrue(fired.contains { $0.caseID == "S-2" && $0.kind == .stepTimeout && $0.error != nil }, "reported as refused")
            XCTAssertTrue(try engine.case("R-1").state.acceptedAt != nil, "the other case's timers fired (child: \(child ?? "none"))")
        }
    }

    /// A sub-case that finishes at its submission (its first route goes
    /// straight to an outcome) hands that outcome back at once, and the
    /// command returns the parent as it then stands.
    func testASubcaseFinishedAtItsSubmissionDecidesTheCallStep() throws {
        let engine = try screenedEngine(child: "fixtures/subcases/screening.yaml")
        try openScreened(engine, "S-1", site: "禁建区")
        let u = try engine.apply("S-1", .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: 1,
                                 at: at("2025-09-22T10:00"))
        let child = try XCTUnwrap(try engine.links(ofCase: "S-1").subcases.first?.caseID)
        XCTAssertEqual(try engine.case(child).state.outcome, "rejected")
        XCTAssertEqual(try engine.case("S-1").state.outcome, "refused", "the call step took the sub-case's outcome")
        XCTAssertEqual(u.version, try engine.case("S-1").version, "the version returned is the case's own (the next If-Match)")
        XCTAssertEqual(u.state, try engine.case("S-1").state)
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A sub-case finished at its submission that refuses the parent leaves
    /// no other sub-case running for the calls its command also entered.
    func testAParentRefusedByASubcaseAtItsSubmissionOpensNoOtherSubcase() throws {
        let engine = try screenedEngine(child: "fixtures/subcases/screening.yaml")
        try engine.deploy(try StoreFixtures.machine("fixtures/subcases/child.yaml"), at: at("2025-09-01T09:00"))
        try engine.deploy(try StoreFixtures.machine("fixtures/subcases/screened-joint.yaml"), at: at("2025-09-01T09:00"))
        let submit = Command.submit(fields: ["applicant-name": .string("王芳"), "site": .string("禁建区")], materials: ["application", "site-plan"],
                                    channel: .window)
        try engine.open("S-3", machine: .workflow("subcase-screened-joint"), submit: submit, at: at("2025-09-22T09:30"))
        let u = try engine.apply("S-3", .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: 1,
                                 at: at("2025-09-22T10:00"))
        XCTAssertEqual(u.state.outcome, "refused")
        XCTAssertEqual(try engine.links(ofCase: "S-3").subcases.map { "\($0.step) \($0.status ?? "")" }, ["screening finished"])
        XCTAssertTrue(try engine.workQueue(roles: ["inspector"]).items.isEmpty, "nobody is asked to inspect for a refused case")
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A sub-case's timer fired late (after a restart), when its parent
    /// has changed since: the outcome is handed back at the parent's last
    /// change, as the timer loop dates any late timer, not refused as time
    /// going backwards (which left the sub-case's timer refused on every pass).
    func testALateTimerOfASubcaseHandsItsOutcomeBackAfterTheParentsLastChange() throws {
        let engine = try screenedEngine(child: "fixtures/subcases/screening.yaml")
        try openScreened(engine, "S-4", site: "文三路")
        try engine.apply("S-4", .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: 1, at: at("2025-09-22T10:00"))
        let child = try XCTUnwrap(try engine.links(ofCase: "S-4").subcases.first?.caseID)
        // The inspection's 3 workdays run out at the end of 9/25; the parent is extended on 9/29, before the timer loop runs.
        try engine.apply("S-4", .extend(workdays: 2, approver: window), expectedVersion: nil, at: at("2025-09-29T10:00"))
        let fired = try engine.fireDueTimers(upTo: at("2025-09-29T12:00"))
        XCTAssertEqual(fired.filter { $0.error != nil }.map { "\($0.caseID) \($0.timerID) \($0.error!)" }, [])
        XCTAssertEqual(try engine.case(child).state.outcome, "rejected")
        XCTAssertEqual(try engine.case("S-4").state.outcome, "refused")
        XCTAssertEqual(try engine.case("S-4").state.updatedAt, at("2025-09-29T10:00"))
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// The subcase table is not chained, but the audit checks it against both logs.
    /// Five calls in a row whose sub-cases finish at once: one level of
    /// sub-cases, however many commands that sets off in one transaction.
    func testSequentialCallsThatFinishAtOnceAreNotANesting() throws {
        let engine = try memoryEngine()
        for f in ["chain-parent", "auto-check"] {
            try engine.deploy(try StoreFixtures.machine("fixtures/subcases/\(f).yaml"), at: at("2025-09-01T09:00"))
        }
        try engine.open("C-1", machine: .workflow("subcase-chain-parent"), submit: .submit(fields: ["site": .string("文三路")], materials: [], channel: .window),
                        at: at("2025-09-22T09:30"))
        try engine.apply("C-1", .decide(node: "accept", decision: "accept", actor: window, comment: nil), expectedVersion: 1, at: at("2025-09-22T10:00"))
        XCTAssertEqual(try active(engine, "C-1"), ["decide"])
        XCTAssertEqual(try engine.links(ofCase: "C-1").subcases.count, 5)
    }

    /// Flows that call each other round nest without end: refused whole
    /// at the eighth level, nothing written.
    func testFlowsThatCallEachOtherRoundAreRefused() throws {
        let engine = try memoryEngine()
        for f in ["ring-a", "ring-b"] {
            try engine.deploy(try StoreFixtures.machine("fixtures/subcases/\(f).yaml"), at: at("2025-09-01T09:00"))
        }
        XCTAssertThrowsError(try engine.open("R-1", machine: .workflow("subcase-ring-a"), submit: .submit(fields: [:], materials: [], channel: .window),
                                             at: at("2025-09-22T09:30"))) {
            guard case .subcaseRefused(_, let why)? = $0 as? CaseEngineError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.hasPrefix("sub-cases nest deeper than 8"), why)
        }
        XCTAssertEqual(try engine.cases(at: at("2025-09-22T09:30")).count, 0)
    }

    /// A call whose sub-case passes at once, routed back to the call: the
    /// command would never end; it is refused whole instead of running the
    /// stack out.
    func testACallThatLeadsBackToItselfAtOnceIsRefused() throws {
        let engine = try memoryEngine()
        for f in ["recheck-loop", "auto-check"] {
            try engine.deploy(try StoreFixtures.machine("fixtures/subcases/\(f).yaml"), at: at("2025-09-01T09:00"))
        }
        try engine.open("L-1", machine: .workflow("subcase-recheck-loop"), submit: .submit(fields: ["site": .string("文三路")], materials: [], channel: .window),
                        at: at("2025-09-22T09:30"))
        XCTAssertThrowsError(try engine.apply("L-1", .decide(node: "accept", decision: "accept", actor: window, comment: nil),
                                              expectedVersion: 1, at: at("2025-09-22T10:00"))) {
            guard case .subcaseRefused(_, let why)? = $0 as? CaseEngineError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.hasPrefix("one command set off more than 64"), why)
        }
        XCTAssertEqual(try engine.case("L-1").version, 1)
        XCTAssertEqual(try engine.cases(at: at("2025-09-22T10:00")).map(\.id), ["L-1"])
    }

    func testAnEditedSubcaseRowIsNamedByTheAudit() throws {
        for (sql, reason) in [
            ("DELETE FROM subcase", "its id is a sub-case's, but no subcase row links it to its parent"),
            ("UPDATE subcase SET token = 5", "its subcase row: the id does not name its parent P-1, step site-inspection and token 5"),
            ("UPDATE subcase SET node = 'accept'", "its subcase row: the id does not name its parent P-1, step accept and token 1"),
        ] {
            let (engine, path) = try engine()
            try submitAndAccept(engine, "P-1")
            XCTAssertNil(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch)
            try tamper(path, sql)
            let mismatch = try XCTUnwrap(try StoreAudit.verify(fileAtPath: path, calendars: StoreFixtures.calendars).mismatch, sql)
            XCTAssertTrue(mismatch.caseID.hasPrefix("P-1~site-inspection~"), "\(mismatch)")
            XCTAssertEqual(mismatch.reason, reason, sql)
        }
    }
}
