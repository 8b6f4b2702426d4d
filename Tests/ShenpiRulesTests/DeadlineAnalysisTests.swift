import Foundation
import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// The worst-case path computation behind `deadline-exceeded` and
/// `step-exceeds-remaining-budget`.
final class DeadlineAnalysisTests: XCTestCase {
    /// A promised flow of `steps` (YAML list items, indented by 2) with the given limits.
    static func yaml(_ steps: String, promised: String = "10 workdays", legal: String = "20 workdays") -> String {
        """
        workflow: t
        version: 1
        title: 测试
        department: center
        kind: promised
        calendar: cn
        limits: { legal: \(legal), promised: \(promised) }
        steps:
        \(steps)
        outcomes:
          - { id: granted, kind: granted }
          - { id: refused, kind: refused }
        """
    }

    static func decode(_ text: String) throws -> Workflow {
        let doc = Loader().load(bytes: Array(text.utf8), file: "t.yaml")
        let (flow, found) = WorkflowDecoder.decode(try XCTUnwrap(doc.root), file: "t.yaml")
        XCTAssertEqual(found.map(\.canonicalLine), [])
        return flow
    }

    func analyse(_ steps: String, promised: String = "10 workdays", legal: String = "20 workdays", catalog: Catalog = Catalog(),
                 minutesPerWorkday: Int? = nil) throws -> DeadlineAnalysis? {
        let flow = try Self.decode(Self.yaml(steps, promised: promised, legal: legal))
        return DeadlineAnalysis(flow: flow, index: FlowIndex(flow), catalog: catalog, minutesPerWorkday: minutesPerWorkday)
    }

    func testASequenceAddsItsLimits() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: b } }
              - { id: b, role: r, limit: 2 workdays, decisions: { go: c } }
              - { id: c, role: r, decisions: { go: d } }
              - { id: d, role: r, limit: 3 workdays, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.ticks, 6)
        XCTAssertEqual(a.worstCase.text, "a 1 → b 2 → c 0 → d 3")
        XCTAssertEqual(a.budgetTicks, 10)
        XCTAssertEqual(a.budgetName, "promised")
        XCTAssertFalse(a.exceeded)
        XCTAssertEqual(a.starts()["d"]?.ticks, 3)
        XCTAssertEqual(a.starts()["d"]?.before.map(\.step), ["a", "b", "c"])
    }

    func testDecisionsAndRouteArmsTakeTheWorst() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { quick: granted, long: b, short: c } }
              - id: route
                route:
                  - { when: "true", next: b }
                  - otherwise: granted
              - { id: b, role: r, limit: 5 workdays, decisions: { go: granted } }
              - { id: c, role: r, limit: 2 workdays, decisions: { go: route } }
            """))
        // a → c → route → b is the longest: 1 + 2 + 0 + 5.
        XCTAssertEqual(a.worstCase.ticks, 8)
        XCTAssertEqual(a.worstCase.text, "a 1 → c 2 → route → b 5")
    }

    func testAParallelBlockTakesItsSlowestBranch() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: p } }
              - id: p
                parallel:
                  join: all
                  branches:
                    - id: x
                      steps:
                        - { id: x1, role: r, limit: 2 workdays, decisions: { go: done } }
                    - id: w
                      steps:
                        - { id: w1, role: r, limit: 1 workday, decisions: { go: w2, stop: refused } }
                        - { id: w2, role: r, limit: 2 workdays, decisions: { go: done } }
                    - id: z
                      steps:
                        - { id: z1, role: r, limit: 1 workday, decisions: { go: done } }
                next: b
              - { id: b, role: r, limit: 1 workday, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.ticks, 5)
        XCTAssertEqual(a.worstCase.text, "a 1 → p 3 (w: w1 1 → w2 2) → b 1")
        // Steps in branches start after the block's predecessors and their branch's earlier steps.
        XCTAssertEqual(a.starts()["w2"]?.ticks, 2)
        XCTAssertEqual(a.starts()["w2"]?.before.map(\.step), ["a", "w1"])
        XCTAssertEqual(a.starts()["b"]?.ticks, 4)
    }

    func testJoinAnyOrNTakesTheNthFastestBranch() throws {
        func block(_ join: String) -> String {
            """
              - id: p
                parallel:
                  join: \(join)
                  branches:
                    - { id: x, steps: [{ id: x1, role: r, limit: 4 workdays, decisions: { go: done } }] }
                    - { id: w, steps: [{ id: w1, role: r, limit: 1 workday, decisions: { go: done } }] }
                    - { id: z, steps: [{ id: z1, role: r, limit: 2 workdays, decisions: { go: done } }] }
                next: granted
            """
        }
        XCTAssertEqual(try analyse(block("all"))?.worstCase.ticks, 4)
        XCTAssertEqual(try analyse(block("any"))?.worstCase.ticks, 1)
        XCTAssertEqual(try analyse(block("2"))?.worstCase.ticks, 2)
        XCTAssertEqual(try analyse(block("2"))?.worstCase.text, "p 2 (join 2 of 3; z: z1 2)")
    }

    func testABranchThatEndsTheCaseIsAPathOfItsOwn() throws {
        let a = try XCTUnwrap(analyse("""
              - id: p
                parallel:
                  join: all
                  branches:
                    - id: x
                      steps:
                        - { id: x1, role: r, limit: 1 workday, decisions: { go: done, deep: x2 } }
                        - { id: x2, role: r, limit: 6 workdays, decisions: { refuse: refused } }
                    - { id: w, steps: [{ id: w1, role: r, limit: 2 workdays, decisions: { go: done } }] }
                next: b
              - { id: b, role: r, limit: 1 workday, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.ticks, 7)
        XCTAssertEqual(a.worstCase.text, "p 7 (x: x1 1 → x2 6)")
    }

    func testPausedTimeDoesNotCount() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: b } }
              - id: b
                role: r
                limit: 2 workdays
                decisions:
                  expert: { pause: expert-review, next: panel }
                  pass: d
              - id: panel
                role: r
                limit: 9 workdays
                decisions: { back: c }
              - id: c
                role: r
                limit: 5 workdays
                decisions: { resumed: { resume: true, next: d } }
              - { id: d, role: r, limit: 3 workdays, decisions: { go: granted } }
            """))
        // panel and c run while the clock is stopped; d counts again after the resume.
        XCTAssertEqual(a.worstCase.ticks, 6)
        XCTAssertEqual(a.worstCase.text, "a 1 → b 2 → panel (paused) → c (paused) → d 3")
        XCTAssertNil(a.starts()["panel"], "a step only ever reached with the clock stopped has no start")
        XCTAssertEqual(a.starts()["d"]?.ticks, 3)
    }

    func testAStepReachedBothWaysCountsWhereTheClockRuns() throws {
        let a = try XCTUnwrap(analyse("""
              - id: a
                role: r
                limit: 1 workday
                decisions:
                  stop: { pause: hearing, next: b }
                  go: b
              - { id: b, role: r, limit: 4 workdays, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.text, "a 1 → b 4")
        XCTAssertEqual(a.worstCase.ticks, 5)
    }

    func testWaitsCountAndCalendarDaysCountAsWorkdays() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: w } }
              - { id: w, wait: 7 days, next: b }
              - { id: b, role: r, limit: 2 workdays, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.ticks, 10)
        XCTAssertEqual(a.worstCase.text, "a 1 workday → w 7 days → b 2 workdays", "beside 7 days, no bare number")
        XCTAssertEqual(a.worstCase.segments.map(\.countsCalendarDays), [false, true, false])
    }

    func testABudgetInCalendarDaysCountsOnlyCalendarDays() throws {
        let days = try XCTUnwrap(analyse("""
              - { id: a, wait: 7 days, next: b }
              - { id: b, role: r, limit: 20 days, decisions: { go: granted } }
            """, promised: "30 days", legal: "30 days"))
        XCTAssertEqual(days.worstCase.ticks, 27)
        XCTAssertEqual(days.measure.format(27), "27 days")
        XCTAssertFalse(days.isLowerBound)
        XCTAssertNil(try analyse("""
              - { id: a, role: r, limit: 2 hours, decisions: { go: granted } }
            """, promised: "30 days", legal: "30 days", minutesPerWorkday: 420), "hours are not comparable with calendar days")
    }

    func testWorkdaysAgainstCalendarDaysAreALowerBound() throws {
        // 8 + 5 workdays take at least 13 calendar days: over a limit of 10 days for certain.
        let a = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 8 workdays, decisions: { go: b } }
              - { id: b, role: r, limit: 5 workdays, decisions: { go: granted } }
            """, promised: "10 days", legal: "10 days"))
        XCTAssertEqual(a.worstCase.ticks, 13)
        XCTAssertEqual(a.worstCase.text, "a 8 workdays → b 5 workdays")
        XCTAssertTrue(a.isLowerBound)
        XCTAssertTrue(a.exceeded)
    }

    func testHoursConvertThroughOfficeHours() throws {
        let steps = """
              - { id: a, role: r, limit: 3 hours, decisions: { go: b } }
              - { id: b, role: r, limit: 1 workday, decisions: { go: granted } }
            """
        let a = try XCTUnwrap(analyse(steps, promised: "2 workdays", minutesPerWorkday: 420))
        XCTAssertEqual(a.worstCase.ticks, 600)
        XCTAssertEqual(a.budgetTicks, 840)
        XCTAssertEqual(a.worstCase.text, "a 3 hours → b 1 workday", "beside 3 hours, no bare number (author pass: 5 read as hours)")
        // A parallel block's time off the whole workday is in hours, and so is every amount of the path.
        let parallel = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: p } }
              - id: p
                parallel:
                  join: all
                  branches:
                    - { id: x, steps: [ { id: x1, role: r, limit: 3 hours, decisions: { done: done } } ] }
                    - { id: v, steps: [ { id: v1, role: r, limit: 1 workday, decisions: { done: done } } ] }
                next: b
              - { id: b, role: r, limit: 2 workdays, decisions: { go: granted } }
            """, promised: "5 workdays", minutesPerWorkday: 420))
        XCTAssertEqual(parallel.worstCase.text, "a 1 → p 1 (v: v1 1) → b 2", "all in workdays: bare")
        let slow = try XCTUnwrap(analyse("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: p } }
              - id: p
                parallel:
                  join: all
                  branches:
                    - { id: x, steps: [ { id: x1, role: r, limit: 10 hours, decisions: { done: done } } ] }
                next: b
              - { id: b, role: r, limit: 2 workdays, decisions: { go: granted } }
            """, promised: "5 workdays", minutesPerWorkday: 420))
        XCTAssertEqual(slow.worstCase.text, "a 1 workday → p 10 hours (x: x1 10 hours) → b 2 workdays")
        XCTAssertEqual(a.measure.format(600), "10 hours")
        XCTAssertEqual(a.measure.format(840), "2 workdays")
        XCTAssertEqual(a.measure.format(450), "7 hours 30 minutes")
        XCTAssertNil(try analyse(steps, promised: "2 workdays"), "no office hours: hours are not comparable, nothing to report")
    }

    func testACallCountsTheCalledFlowsLimit() throws {
        let steps = """
              - { id: a, role: r, limit: 1 workday, decisions: { go: tax } }
              - { id: tax, call: deed-tax, outcomes: { paid: b, unpaid: refused } }
              - { id: b, role: r, limit: 2 workdays, decisions: { go: granted } }
            """
        let range = SourceRange(at: .init(line: 1, column: 1))
        let summary = Catalog.FlowSummary(file: "d.yaml", id: "deed-tax", outcomes: ["paid", "unpaid"], range: range, limit: Duration(1, .workdays))
        let a = try XCTUnwrap(analyse(steps, catalog: Catalog(flows: ["deed-tax": [summary]])))
        XCTAssertEqual(a.worstCase.ticks, 4)
        XCTAssertEqual(a.worstCase.text, "a 1 → tax 1 (deed-tax) → b 2")
        XCTAssertEqual(try analyse(steps)?.worstCase.ticks, 3, "an unknown called flow counts 0 (undefined-reference reports it)")
    }

    func testEveryLoopWhoseClockRunsCountsOneRound() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: review, role: r, limit: 3 workdays, decisions: { pass: decide, return: correct } }
              - { id: correct, role: r, limit: 2 workdays, decisions: { resubmit: review } }
              - { id: decide, role: r, limit: 1 workday, decisions: { approve: granted } }
            """))
        // One correction round with the clock running: 3 + 2 + 3 + 1.
        XCTAssertEqual(a.worstCase.ticks, 9)
        XCTAssertEqual(a.worstCase.text, "review 3 → correct 2 → review 3 → decide 1")
        // review is reached again with the loop's back edge taken: after the first round it only counts the rest.
        XCTAssertEqual(a.starts()["decide"]?.ticks, 8)
    }

    func testTwoLoopsCountOneRoundEach() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: review, role: r, limit: 4 workdays, decisions: { pass: decide, fix: fix } }
              - { id: fix, role: r, limit: 3 workdays, decisions: { again: review } }
              - { id: decide, role: r, limit: 2 workdays, decisions: { approve: granted, reconsider: review } }
            """, promised: "30 workdays", legal: "30 workdays"))
        // The base path 4 + 2, a fix round 4 + 3, a reconsideration round 4 + 2.
        XCTAssertEqual(a.worstCase.ticks, 19)
    }

    func testLoopsThroughASupplementOrAPauseDoNotCountButAResumedStepDoes() throws {
        let a = try XCTUnwrap(analyse("""
              - id: accept
                role: r
                limit: 1 workday
                decisions:
                  accept: review
                  supplement: { request-supplement: true, next: accept }
              - id: review
                role: r
                limit: 4 workdays
                decisions:
                  pass: decide
                  expert: { pause: expert-review, next: panel }
              - { id: panel, role: r, limit: 9 workdays, decisions: { back: { resume: true, next: review } } }
              - { id: correct, role: r, limit: 3 workdays, decisions: { again: { pause: supplement, next: review } } }
              - id: decide
                role: r
                limit: 2 workdays
                decisions:
                  approve: granted
                  correction: correct
                  extend: { extend: 10 workdays, next: review }
            """))
        // The supplement round, the correction round (back to review with the clock
        // stopped) and the round an extension pays for do not count; the expert round
        // does: the panel is paused, but its resume sends the case to review again with
        // the clock running.
        XCTAssertEqual(a.worstCase.ticks, 11)
        XCTAssertEqual(a.worstCase.text, "accept 1 → review 4 → panel (paused) → review 4 → decide 2")
    }

    func testALoopInsideABranchCountsOneRound() throws {
        let a = try XCTUnwrap(analyse("""
              - id: p
                parallel:
                  join: all
                  branches:
                    - id: x
                      steps:
                        - { id: x1, role: r, limit: 1 workday, decisions: { go: x2 } }
                        - { id: x2, role: r, limit: 2 workdays, decisions: { back: x1, go: done } }
                next: granted
            """))
        XCTAssertEqual(a.worstCase.ticks, 6)
        XCTAssertEqual(a.worstCase.text, "p 6 (x: x1 1 → x2 2 → x1 1 → x2 2)")
    }

    func testALoopBackInABranchIsNotDone() throws {
        // The objection branch never finishes: join any waits for branch a.
        let a = try XCTUnwrap(analyse("""
              - { id: accept, role: r, limit: 1 workday, decisions: { go: p } }
              - id: p
                parallel:
                  join: any
                  branches:
                    - { id: a, steps: [{ id: a1, role: r, limit: 5 workdays, decisions: { ok: done } }] }
                    - { id: objection, steps: [{ id: b1, role: r, limit: 1 workday, decisions: { object: refused, extend-watch: b1 } }] }
                next: issue
              - { id: issue, role: r, limit: 1 workday, decisions: { go: granted } }
            """, promised: "5 workdays"))
        XCTAssertEqual(a.worstCase.ticks, 7)
        XCTAssertEqual(a.worstCase.text, "accept 1 → p 5 (join 1 of 2; a: a1 5) → issue 1")
        XCTAssertTrue(a.exceeded)
    }

    func testAJoinCancelsTheRefusalsOfSlowerBranches() throws {
        // b ends by day 1 and the join cancels a: a cannot refuse on day 3.
        let a = try XCTUnwrap(analyse("""
              - { id: accept, role: r, limit: 1 workday, decisions: { go: p } }
              - id: p
                parallel:
                  join: any
                  branches:
                    - { id: a, steps: [{ id: a1, role: r, limit: 3 workdays, decisions: { ok: done, refuse: refused } }] }
                    - { id: b, steps: [{ id: b1, role: r, limit: 1 workday, decisions: { ok: done, refuse: refused } }] }
                next: issue
              - { id: issue, role: r, limit: 1 workday, decisions: { go: granted } }
            """, promised: "3 workdays"))
        XCTAssertEqual(a.worstCase.ticks, 3)
        XCTAssertEqual(a.worstCase.text, "accept 1 → p 1 (join 1 of 2; b: b1 1) → issue 1")
        XCTAssertFalse(a.exceeded)
    }

    func testAJoinCancelsACallInASlowerBranch() throws {
        let range = SourceRange(at: .init(line: 1, column: 1))
        let summary = Catalog.FlowSummary(file: "d.yaml", id: "check", outcomes: ["ok", "fail"], range: range, limit: Duration(6, .workdays))
        let a = try XCTUnwrap(analyse("""
              - id: p
                parallel:
                  join: 1
                  branches:
                    - { id: a, steps: [{ id: a1, call: check, outcomes: { ok: done, fail: refused } }] }
                    - { id: b, steps: [{ id: b1, role: r, limit: 2 workdays, decisions: { ok: done } }] }
                next: granted
            """, catalog: Catalog(flows: ["check": [summary]])))
        XCTAssertEqual(a.worstCase.ticks, 2)
    }

    func testAFastBranchThatCanStayAliveDelaysTheJoin() throws {
        // b can go on to b2 instead of finishing; then the join waits for a (3), cancelling b.
        let a = try XCTUnwrap(analyse("""
              - id: p
                parallel:
                  join: any
                  branches:
                    - { id: a, steps: [{ id: a1, role: r, limit: 3 workdays, decisions: { ok: done } }] }
                    - id: b
                      steps:
                        - { id: b1, role: r, limit: 1 workday, decisions: { ok: done, deeper: b2 } }
                        - { id: b2, role: r, limit: 9 workdays, decisions: { refuse: refused } }
                next: issue
              - { id: issue, role: r, limit: 1 workday, decisions: { go: granted } }
            """))
        XCTAssertEqual(a.worstCase.ticks, 4)
        XCTAssertEqual(a.worstCase.text, "p 3 (join 1 of 2; a: a1 3) → issue 1")
    }

    func testStepsOfABranchTheJoinDoesNotWaitForEndWhenItFires() throws {
        let a = try XCTUnwrap(analyse("""
              - { id: accept, role: r, limit: 2 workdays, decisions: { go: p } }
              - id: p
                parallel:
                  join: 2
                  branches:
                    - { id: x, steps: [{ id: x1, role: r, limit: 9 workdays, decisions: { go: done } }] }
                    - { id: w, steps: [{ id: w1, role: r, limit: 1 workday, decisions: { go: done } }] }
                    - { id: z, steps: [{ id: z1, role: r, limit: 2 workdays, decisions: { go: done } }] }
                next: granted
            """, promised: "5 workdays"))
        XCTAssertEqual(a.worstCase.ticks, 4)
        XCTAssertEqual(a.starts()["x1"]?.ticks, 2)
        XCTAssertEqual(a.starts()["x1"]?.cutoff, 4, "w and z fire the join by day 4, cancelling x")
    }

    func testStepsOnlyDoneWhileTheClockIsPaused() throws {
        let flow = try Self.decode(Self.yaml("""
              - id: a
                role: r
                limit: 1 workday
                decisions: { stop: { pause: hearing, next: b }, go: c }
              - { id: b, role: r, limit: 30 workdays, decisions: { back: { resume: true, next: c } } }
              - { id: c, role: r, limit: 2 workdays, decisions: { go: granted, again: b } }
            """))
        let running = DeadlineAnalysis.stepsWithClockRunning(flow, index: FlowIndex(flow))
        XCTAssertEqual(running, ["a", "b", "c"], "c → b with the clock running")
        let paused = try Self.decode(Self.yaml("""
              - { id: a, role: r, limit: 1 workday, decisions: { stop: { pause: hearing, next: b } } }
              - { id: b, role: r, limit: 30 workdays, decisions: { back: { resume: true, next: c } } }
              - { id: c, role: r, limit: 2 workdays, decisions: { go: granted } }
            """))
        XCTAssertEqual(DeadlineAnalysis.stepsWithClockRunning(paused, index: FlowIndex(paused)), ["a", "c"])
    }

    /// 12 branches of 5 steps, then 40 diamonds in a row (2^40 paths without memoization), each with a small loop.
    static func wideAndDeep(loopBackTo target: (Int) -> String) -> String {
        var steps = "  - id: p\n    parallel:\n      join: all\n      branches:\n"
        for b in 0..<12 {
            steps += "        - id: b\(b)\n          steps:\n"
            for s in 0..<5 {
                let next = s == 4 ? "done" : "b\(b)-s\(s + 1)"
                steps += "            - { id: b\(b)-s\(s), role: r, limit: 1 workday, decisions: { go: \(next), back: b\(b)-s0 } }\n"
            }
        }
        steps += "    next: d0\n"
        for i in 0..<40 {
            let next = i == 39 ? "granted" : "d\(i + 1)"
            steps += "  - { id: d\(i), role: r, decisions: { left: l\(i), right: r\(i) } }\n"
            steps += "  - { id: l\(i), role: r, limit: 1 hour, decisions: { go: \(next), back: \(target(i)) } }\n"
            steps += "  - { id: r\(i), role: r, limit: 2 hours, decisions: { go: \(next) } }\n"
        }
        return steps
    }

    /// Its speed is `shenpi bench compile`'s to measure; here, that the answer is exact.
    func testWideAndDeepFlowsAreAnalysedExactly() throws {
        let a = try XCTUnwrap(analyse(Self.wideAndDeep { "d\($0)" }, promised: "30 workdays", legal: "30 workdays", minutesPerWorkday: 420))
        // A branch takes each of its 5 loops back to its first step once (15 + 5);
        // a diamond takes its loop once and then the slower arm (1 + 2 hours).
        XCTAssertEqual(a.worstCase.ticks, 20 * 420 + 40 * 180)
    }

    func testATangleOfLoopsIsSkipped() throws {
        // Every diamond loops back to the first: one cycle through all of them, whose
        // simple paths are exponential. The walk gives up instead of hanging lint.
        XCTAssertNil(try analyse(Self.wideAndDeep { _ in "d0" }, promised: "30 workdays", legal: "30 workdays", minutesPerWorkday: 420))
    }

    func testVeryLongFlowsAreSkippedWithinAWorkerStack() throws {
        // Lint runs flows on worker threads; 3000 steps in a row must not overflow their stack.
        var steps = ""
        for i in 0..<3000 {
            steps += "  - { id: s\(i), role: r, limit: 1 workday, decisions: { go: \(i == 2999 ? "granted" : "s\(i + 1)"), back: s0 } }\n"
        }
        let flow = try Self.decode(Self.yaml(steps))
        nonisolated(unsafe) var analysed: DeadlineAnalysis?? = nil
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            analysed = .some(DeadlineAnalysis(flow: flow, index: FlowIndex(flow), catalog: Catalog(), minutesPerWorkday: nil))
            finished.signal()
        }
        thread.stackSize = 4 << 20  // half of a dispatch worker's 8 MiB
        thread.start()
        finished.wait()
        XCTAssertTrue(analysed != nil, "the walk finished")
        XCTAssertTrue((analysed ?? nil) == nil, "longer than the walk's depth limit: skipped")
    }

    func testGivesUpOnTooManyPathStates() throws {
        let flow = try Self.decode(Self.yaml("""
              - { id: a, role: r, limit: 1 workday, decisions: { go: b } }
              - { id: b, role: r, limit: 1 workday, decisions: { go: granted } }
            """))
        XCTAssertNil(DeadlineAnalysis(flow: flow, index: FlowIndex(flow), catalog: Catalog(), minutesPerWorkday: nil, maxEvaluations: 1))
        XCTAssertNotNil(DeadlineAnalysis(flow: flow, index: FlowIndex(flow), catalog: Catalog(), minutesPerWorkday: nil, maxEvaluations: 2))
    }

    /// How every real flow's worst case compares with its promise (or legal limit).
    func testRealFlowsFitTheirPromises() throws {
        let result = try TestSupport.lint(["workflows"])
        var table: [String: String] = [:]
        for checked in result.flows {
            let flow = checked.flow
            let minutes = flow.calendar.flatMap { checked.calendars.minutesPerWorkday[$0.value] }
            let a = try XCTUnwrap(DeadlineAnalysis(flow: flow, index: FlowIndex(flow), catalog: checked.catalog, minutesPerWorkday: minutes), flow.file)
            XCTAssertFalse(a.exceeded, "\(flow.file): \(a.worstCase.text)")
            table[flow.id?.value ?? flow.file] = "\(a.measure.format(a.worstCase.ticks)) / \(a.budgetName) \(a.budget.value)"
        }
        XCTAssertEqual(table, [
            "business-registration": "5 workdays / promised 5 workdays",
            "deed-tax": "1 workday / promised 1 workday",
            "hazchem-business-licence": "7 workdays / promised 7 workdays",
            "land-certificate-exchange": "5 workdays / promised 5 workdays",
            "lightning-acceptance": "5 workdays / promised 5 workdays",
            "lightning-design": "10 workdays / promised 10 workdays",
            "property-transfer": "5 workdays / promised 5 workdays",
            "senior-bus-card": "10 workdays / promised 10 workdays",
        ])
    }
}
