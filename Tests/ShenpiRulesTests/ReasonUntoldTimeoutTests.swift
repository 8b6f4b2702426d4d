import Foundation
import ShenpiRules
import ShenpiTestSupport
import XCTest

/// `reason-untold` on a pause that a step's `on-timeout` takes: nobody says
/// how long, so the advice is the flow's own `expected:`, with or without
/// `{pause.expected}` in the notice.
final class ReasonUntoldTimeoutTests: XCTestCase {
    func lines(_ text: String) throws -> [String] {
        try TestSupport.lint(text: text).filter { $0.rule == "reason-untold" }.map(\.canonicalLine)
    }

    func testATimeoutsPauseIsToldHowLongOnlyByTheFlow() throws {
        let fixture = try XCTUnwrap(TestSupport.read("fixtures/lint/err/reason-untold-timeout-pause.yaml"))
        let untold = fixture.replacingOccurrences(of: "预计需要{pause.expected}，", with: "")
        XCTAssertEqual(try lines(untold), [
            "t.yaml:20:16: warning: decision \"hearing\" stops the clock for 听证 (taken by the step's timeout: nobody says how long) but does not "
                + "tell the applicant how long: give the decision \"expected:\" and {pause.expected} in its notice to the applicant (Art. 45) [reason-untold]"
        ])
        let stated = fixture.replacingOccurrences(of: "        pause: hearing\n", with: "        pause: hearing\n        expected: 30 days\n")
        XCTAssertEqual(try lines(stated), [], "the flow says how long, and the notice gives it")
    }
}
