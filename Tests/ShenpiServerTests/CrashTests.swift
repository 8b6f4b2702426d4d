import Foundation
import ShenpiTestSupport
import XCTest

/// SIGKILL in the middle of concurrent actions: every action answered 2xx
/// is in the store after a restart, and the audit passes.
final class CrashTests: XCTestCase {
    struct Ack: Hashable {
        var caseID: String
        var version: Int
    }

    func testEveryAcknowledgedActionSurvivesSIGKILL() async throws {
        let dir = try temporaryDirectory()
        var daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        let made = try await daemon.call("POST", "/v1/tokens", token: admin,
                                         body: #"{"name":"li.na","department":"center","roles":["window"],"scopes":["intake"]}"#)
        let window = try XCTUnwrap(made.json["token"] as? String)
        var acked: Set<Ack> = []
        for round in 0..<3 {
            let running = daemon
            let newAcks = await withTaskGroup(of: [Ack].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Ack] = []
                        for n in 0..<1000 {
                            let id = "R\(round)-W\(worker)-\(n)"
                            guard let submitted = try? await running.call("POST", "/v1/cases", token: window, body: Bodies.busCard(id)),
                                submitted.status == 201
                            else { break }
                            mine.append(Ack(caseID: id, version: 1))
                            guard let accepted = try? await running.call("POST", "/v1/cases/\(id)/actions", token: window,
                                                                         body: Bodies.decide("accept", "accept"), headers: ["If-Match": "\"1\""]),
                                accepted.status == 200
                            else { break }
                            mine.append(Ack(caseID: id, version: 2))
                        }
                        return mine
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(700))
                    running.kill(SIGKILL)
                    return []
                }
                var all: [Ack] = []
                for await part in group { all += part }
                return all
            }
            XCTAssertNotNil(daemon.wait(), "killed")
            XCTAssertFalse(newAcks.isEmpty, "round \(round) acknowledged something before the kill")
            acked.formUnion(newAcks)

            daemon = try DaemonProcess(directory: dir)
            for ack in acked.sorted(by: { ($0.caseID, $0.version) < ($1.caseID, $1.version) }) {
                let read = try await daemon.call("GET", "/v1/cases/\(ack.caseID)", token: window)
                XCTAssertEqual(read.status, 200, "acknowledged case \(ack.caseID) is lost")
                XCTAssertGreaterThanOrEqual(read.json["version"] as? Int ?? 0, ack.version, "\(ack.caseID) lost version \(ack.version)")
            }
        }
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        let audit = try runShenpi(["audit", "verify", "--db", dir + "/shenpi.db", "--calendars", TestSupport.path("workflows/calendars")])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.hasPrefix("audit: ok"), audit.stdout)
        XCTAssertFalse(audit.stdout.contains("note"), "every case was re-run on its machine: " + audit.stdout)
    }
}
