import Foundation
import Logging
import ShenpiAPI
@testable import ShenpiServer
import XCTest

/// Case ids may be identity or mobile numbers (a center numbering cases by
/// the applicant's phone): the timer and outbox lines mask them like paths.
extension ServicesTests {
    func testTimerAndOutboxLogLinesMaskCaseIDsThatAreIdentityNumbers() async throws {
        let clock = Clock("2025-09-26T09:30")
        let api = try makeAPI(clock)
        try await submit(api, "13812345678")
        try await submit(api, "11010519491231002X")
        let lines = Locked<[String]>([])
        let logger = Logger(label: "test", factory: { _ in LineRecorder(lines: lines) })

        clock.advance(days: 10)
        await TimerService(engine: api.engine, clock: { clock.now }, logger: logger).pass()
        let outbox = OutboxService(engine: api.engine, outbox: api.outbox, sender: Recorder(fail: true), clock: { clock.now }, logger: logger)
        let attempted = await outbox.pass()
        XCTAssertGreaterThan(attempted, 0, "deemed acceptance notifies the applicant")

        let log = lines.current.joined(separator: "\n")
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("info timer fired case=138****5678") }, log)
        // Fired days after it fell due (the daemon was down): recorded at its due instant, the log says how late.
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("info timer fired case=138****5678") && $0.contains("late=") }, log)
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("info timer fired case=1101************2X") }, log)
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("warning notification not delivered") && $0.contains("case=138****5678") }, log)
        XCTAssertTrue(lines.current.contains { $0.hasPrefix("warning notification not delivered") && $0.contains("case=1101************2X") }, log)
        XCTAssertFalse(log.contains("13812345678"), log)
        XCTAssertFalse(log.contains("11010519491231002X"), log)
    }
}
