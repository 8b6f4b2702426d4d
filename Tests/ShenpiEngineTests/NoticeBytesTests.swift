import ShenpiCalendar
@testable import ShenpiEngine
import ShenpiMachine
import XCTest

/// A notice rendered onto bytes (as the stepper keeps it) reads as the
/// text `TemplateRenderer` makes, for every template of every flow.
final class NoticeBytesTests: XCTestCase {
    func testBytesReadAsTheRenderedText() throws {
        let states: [(fields: [String: FieldValue], clock: (accepted: Bool, due: Instant?))] = [
            ([:], (false, nil)),
            (["applicant-name": .string("张三"), "company-name": .string("某某公司"), "by-agent": .boolean(true)],
             (true, Instant(iso: "2025-10-01T00:00")!)),
            (["project-name": .string("某大厦"), "area": .number(12.5), "floors": .integer(3)], (true, nil)),
            (["holder-type": .string("person")], (true, Instant(iso: "2025-10-01T15:30")!)),
        ]
        var compared = 0
        for file in EngineFixtures.flowFiles {
            let machine = try EngineFixtures.machine(file).tables
            let texts = machine.transitionNotices.flatMap { $0.flatMap { $0 } } + machine.outcomeNotices.flatMap { $0 }
            for notice in texts {
                for state in states {
                    // Rules 10 writes a due time within a day its own way, on both paths.
                    for (missing, comment, rules) in [([], nil, 1), (["申请书"], "图纸不全", 1), (["申请书", "身份证"], " 图纸不全。\n", 1), ([], nil, 10)] {
                        let text = TemplateRenderer.render(notice.text, machine: machine, caseID: "C-1", fields: state.fields,
                                                           caseClock: state.clock, step: "受理", missing: missing, comment: comment,
                                                           pauseExpected: comment == nil ? nil : Limit(amount: 20, unit: .workdays), rules: rules,
                                                           deferred: missing)
                        var bytes: [UInt8] = [0x41]
                        TemplateRenderer.render(notice.text, into: &bytes, machine: machine, caseID: "C-1", fields: state.fields,
                                                caseClock: state.clock, step: "受理", missing: missing, comment: comment,
                                                pauseExpected: comment == nil ? nil : Limit(amount: 20, unit: .workdays), deferred: missing,
                                                rules: rules)
                        XCTAssertEqual(String(decoding: bytes.dropFirst(), as: UTF8.self), text, file)
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// `{decision.comment}` quotes the comment without the white space around
    /// it and its closing punctuation: the template supplies its own.
    func testAReasonIsQuotedWithoutItsClosingPunctuation() {
        XCTAssertEqual(TemplateRenderer.reason("需补充论证。"), "需补充论证")
        XCTAssertEqual(TemplateRenderer.reason("  图纸不全；\n"), "图纸不全")
        XCTAssertEqual(TemplateRenderer.reason("查封未解除，原证书扣留"), "查封未解除，原证书扣留")
        XCTAssertEqual(TemplateRenderer.reason("。"), "")
    }

    /// Rules 10: a due at a day's end reads as that day, one within a day as
    /// date and minute with a space (rules 9: ISO's `T`).
    func testDueForms() {
        let end = Instant(iso: "2026-03-12T00:00")!, within = Instant(iso: "2026-03-02T09:05")!
        XCTAssertEqual(TemplateRenderer.dueDate(end, rules: 10), "2026-03-11")
        XCTAssertEqual(TemplateRenderer.dueDate(within, rules: 10), "2026-03-02 09:05")
        XCTAssertEqual(TemplateRenderer.dueDate(within, rules: 9), "2026-03-02T09:05")
        XCTAssertEqual(TemplateRenderer.dueDate(Instant(iso: "2026-03-02T15:30")!, rules: 10), "2026-03-02 15:30")
    }
}
