import ShenpiCalendar
import ShenpiLanguage
import ShenpiMachine
import ShenpiRules
import ShenpiSyntax
import XCTest

/// `limits.extension` in the compiled machine: as written, in the case
/// clock's units, and never silently dropped.
final class ExtensionCompileTests: XCTestCase {
    func compile(limits: String, extension ceiling: String) throws -> Machine? {
        let line = ceiling.isEmpty ? "" : "  extension: \(ceiling)"
        let text = """
            workflow: w
            version: 1
            title: t
            department: d
            kind: promised
            calendar: cn
            limits: \(limits)
            \(line)
            steps:
              - { id: a, role: r, decisions: { ok: ok } }
            outcomes: [{ id: ok, kind: granted }]
            """
        let doc = Loader().load(text: text, file: "t.yaml")
        let (flow, _) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        return MachineCompiler.compile(flow, index: FlowIndex(flow))?.machine
    }

    func testTheCeilingIsCompiledAsWritten() throws {
        let limits = "\n  legal: 20 workdays\n  promised: 10 workdays"
        let m = try XCTUnwrap(try compile(limits: limits, extension: "{ max: 10 workdays, by: head, times: 1 }"))
        XCTAssertEqual(m.limits.extensionAllowance, ExtensionAllowance(max: Limit(amount: 10, unit: .workdays), by: "head", times: 1))
        let none = try XCTUnwrap(try compile(limits: limits, extension: "none"))
        XCTAssertEqual(none.limits.extensionAllowance?.allowsNone, true)
        XCTAssertNil(none.limits.extensionAllowance?.by)
        let without = try XCTUnwrap(try compile(limits: limits, extension: ""))
        XCTAssertNil(without.limits.extensionAllowance)
        XCTAssertNotEqual(without.fingerprint, m.fingerprint)
        XCTAssertFalse(String(decoding: try MachineCodec.encode(without), as: UTF8.self).contains("extension"),
                       "absent from the encoding: older machines keep their fingerprints")
    }

    /// Hours are kept in minutes; the clock and the ceiling count whole hours.
    func testACeilingInHoursCountsHours() throws {
        let m = try XCTUnwrap(try compile(limits: "\n  legal: 40 hours\n  promised: 20 hours", extension: "{ max: 8 hours, by: head }"))
        XCTAssertEqual(m.limits.extensionAllowance?.max, Limit(amount: 480, unit: .minutes))
        XCTAssertEqual(m.limits.extensionAllowance?.max.clockUnits, TimeLimit(8, .hours))
        XCTAssertEqual(m.limits.extensionAllowance?.max.description, "8 hours")
    }

    /// A ceiling that cannot be read (its lint errors suppressed) compiles to
    /// no machine rather than to no ceiling, which would let anyone extend.
    func testAnUnreadableCeilingIsNoMachine() throws {
        let limits = "\n  legal: 20 workdays\n  promised: 10 workdays"
        XCTAssertNil(try compile(limits: limits, extension: "{ max: 10 days, by: head }"), "another unit than the case limit's")
        XCTAssertNil(try compile(limits: limits, extension: "{ max: ten days, by: head }"))
        XCTAssertNil(try compile(limits: limits, extension: "{ by: head }"))
        XCTAssertNil(try compile(limits: limits, extension: "10 workdays"))
        XCTAssertNil(try compile(limits: limits, extension: "{ max: 10 workdays, by: head, times: 0 }"), "an unreadable count is no unlimited count")
        XCTAssertNil(try compile(limits: limits, extension: "{ max: 10 workdays, by: head, times: once }"))
        XCTAssertNotNil(try compile(limits: limits, extension: "{ max: 10 workdays, by: head }"))
    }

    /// `extension-above-law`: 10 workdays and 14 days are Art. 42's; one more is warned; hours are the calendar's to say.
    func testTheLawsCeilingIsTenWorkingDays() throws {
        func warned(_ limits: String, _ max: String) throws -> Bool {
            let text = "workflow: w\nversion: 1\ntitle: t\ndepartment: d\nkind: promised\ncalendar: cn\nlimits:\(limits)\n"
                + "  extension: { max: \(max), by: head }\nsteps:\n  - { id: a, role: r, decisions: { ok: ok } }\noutcomes: [{ id: ok, kind: granted }]\n"
            let doc = Loader().load(text: text, file: "t.yaml")
            let (flow, _) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
            return !ExtensionAboveLawRule().check(RuleContext(flow: flow, catalog: Catalog(), calendars: CalendarCatalog(ids: ["cn"], withOfficeHours: []))).isEmpty
        }
        let workdays = "\n  legal: 20 workdays\n  promised: 10 workdays", days = "\n  legal: 30 days\n  promised: 20 days"
        XCTAssertFalse(try warned(workdays, "10 workdays"))
        XCTAssertTrue(try warned(workdays, "11 workdays"))
        XCTAssertFalse(try warned(days, "14 days"))
        XCTAssertTrue(try warned(days, "15 days"))
        XCTAssertFalse(try warned("\n  legal: 400 hours\n  promised: 200 hours", "100 hours"), "hours are not judged")
    }
}
