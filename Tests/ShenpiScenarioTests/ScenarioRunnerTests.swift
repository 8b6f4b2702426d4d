import ShenpiScenario
import ShenpiTestSupport
import XCTest

/// The virtual clock and the comparison of expectations, on small inline scenarios.
final class ScenarioRunnerTests: XCTestCase {
    let land = """
        scenario: 换证
        flow: ../../workflows/land/land-certificate-exchange.yaml
        start: 2025-11-03T09:00+08:00
        actors: { w1: [window], r1: [land-reviewer] }
        steps:
          - submit:
              fields: { holder-name: 赵明, holder-type: person, contact-phone: "15968100077", by-agent: false }
              materials: [application, old-certificate, holder-id]

        """

    func run(_ steps: String) -> ScenarioResult {
        var runner = ScenarioRunner(workingDirectory: TestSupport.repositoryRoot)
        return runner.run(text: land + steps, file: "inline.yaml", directory: TestSupport.path("fixtures/scenarios"))
    }

    func testAdvanceFiresDueTimersInOrderAsTheDaemonWould() {
        let r = run("""
              - advance-to: 2025-11-04T12:00+08:00
                expect:
                  active: [accept]
                  events: [{ fact: timer-fired, kind: step-warning }]
                  timers: [{ kind: step-timeout, step: accept, at: 2025-11-05T00:00+08:00 }]
              - advance: 1 days
                expect:
                  active: [review]
                  events:
                    - { fact: timer-fired, kind: step-timeout, automatic: true }
                    - { fact: accepted, deemed: true }
            """)
        XCTAssertEqual(r.failures, [])
    }

    func testExpectationsLookOnlyAtWhatHappenedSinceTheLastOne() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
                expect: { notifications: [{ to: applicant, contains: 已受理 }] }
              - advance: 1 hours
                expect: { notifications: [], events: [] }
              - expect: { notifications: [{ contains: 已受理 }] }
            """)
        XCTAssertEqual(r.failures.count, 1)
        XCTAssertTrue(r.failures[0].hasPrefix("inline.yaml:13: notifications: expected a notification containing \"已受理\", not sent"), r.failures[0])
    }

    func testTheClockNeverGoesBack() {
        let r = run("""
              - advance-to: 2025-11-01T09:00+08:00
            """)
        XCTAssertEqual(r.failures, ["inline.yaml:9: advance-to 2025-11-01T09:00 goes back in time; the clock is at 2025-11-03T09:00"])
    }

    func testWorkdaysSkipHolidaysAndKeepTheTimeOfDay() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - advance: 5 workdays
                expect: { clock: warning, due: 2025-11-10, active: [review] }
              - advance: 15 hours
                expect: { clock: overdue }
            """)
        XCTAssertEqual(r.failures, [], "five workdays from Monday 11/3 09:00 is Monday 11/10 09:00: the last day, red from midnight")
    }

    func testARefusedCommandStopsTheScenarioAndSaysWhy() {
        let r = run("""
              - decide: { step: review, decision: recommend-approve, by: r1 }
              - expect: { status: finished }
            """)
        XCTAssertEqual(r.failures, ["inline.yaml:9: decide was refused: step-not-active: step \"review\" is not active"])
    }

    func testAnExtensionInAnotherUnitThanTheCaseLimitIsMalformed() {
        let r = run("""
              - decide: { step: accept, decision: accept, by: w1 }
              - extend: { days: 3, reason: r, by: r1 }
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:10:15: error: the case limit (5 workdays) counts workdays; give the extension in workdays [scenario-extension-unit]",
        ])
    }

    func testTheWrongErrorKindIsReported() {
        let r = run("""
              - decide: { step: accept, decision: approve, by: w1 }
                expect-error: actor-lacks-role
            """)
        XCTAssertEqual(r.failures, [
            "inline.yaml:10: expect-error: expected actor-lacks-role, actual unknown-decision: step \"accept\" has no decision \"approve\"; expected one of accept, supplement, refuse",
        ])
    }
}
