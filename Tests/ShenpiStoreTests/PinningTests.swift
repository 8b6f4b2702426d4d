import ShenpiEngine
import ShenpiMachine
@testable import ShenpiStore
import XCTest

final class PinningTests: XCTestCase {
    func testANewVersionLeavesRunningCasesOnTheirMachine() throws {
        let engine = try memoryEngine()
        let v1 = try StoreFixtures.machine()
        let v2 = try StoreFixtures.nextVersion(of: v1)
        let old = try engine.open("OLD", machine: .workflow(v1.workflow), submit: StoreFixtures.submit(v1), at: at("2025-09-22T09:30"))
        XCTAssertEqual(old.state.machineFingerprint, v1.fingerprint)

        let deployment = try engine.deploy(v2, at: at("2025-09-22T12:00"))
        XCTAssertTrue(deployment.isNew)
        XCTAssertFalse(try engine.deploy(v2, at: at("2025-09-22T12:01")).isNew, "deploying again changes nothing")
        XCTAssertEqual(try engine.deployments().map(\.version), [v1.version, v2.version], "every version is kept")

        let new = try engine.open("NEW", machine: .workflow(v1.workflow), submit: StoreFixtures.submit(v2), at: at("2025-09-22T13:00"))
        XCTAssertEqual(new.state.machineFingerprint, v2.fingerprint, "a new case starts on the latest version")

        let accepted = try engine.apply("OLD", StoreFixtures.accept, expectedVersion: 1, at: at("2025-09-22T14:00"))
        XCTAssertEqual(accepted.state.machineFingerprint, v1.fingerprint)
        XCTAssertEqual(try engine.case("OLD").fingerprint, v1.fingerprint)
        let texts = accepted.effects.compactMap { e -> String? in if case .notify(let n) = e { return n.text } else { return nil } }
        XCTAssertFalse(texts.contains { $0.contains("第二版") }, "the running case still speaks with version 1's words")
        XCTAssertNil(try StoreAudit.verify(engine.database.writer, calendars: StoreFixtures.calendars).mismatch)
    }

    /// A flow edited without a new version number (or compiled differently
    /// by a new release) is deployed beside the old machine — refusing it
    /// would stop an upgrade — and named, so the daemon can warn. A batch
    /// is one transaction.
    func testAChangedFlowUnderADeployedVersionIsDeployedAndNamed() throws {
        let engine = try memoryEngine()
        let v1 = try StoreFixtures.machine()
        try engine.deploy(v1, at: at("2025-09-22T12:00"))
        var edited = try StoreFixtures.nextVersion(of: v1)
        edited.version = v1.version
        edited.fingerprint = try MachineCodec.fingerprint(of: edited)
        let other = try StoreFixtures.machine("workflows/land/land-certificate-exchange.yaml")
        let deployed = try engine.deploy([other, edited], at: at("2025-09-22T13:00"))
        XCTAssertEqual(deployed.map(\.isNew), [true, true])
        XCTAssertEqual(deployed.map(\.sameVersionAs), [nil, v1.fingerprint])
        XCTAssertTrue(deployed[1].sameVersionWarning?.contains("version \(v1.version) was deployed before with other content") == true)
        // Deployed again, nothing is new and nothing to warn about.
        let again = try engine.deploy([v1, edited], at: at("2025-09-22T14:00"))
        XCTAssertEqual(again.map(\.isNew), [false, false])
        XCTAssertEqual(again.compactMap(\.sameVersionAs), [])
        XCTAssertNil(try engine.deploy(try StoreFixtures.nextVersion(of: v1), at: at("2025-09-22T14:00")).sameVersionAs)
    }

    func testAMachineWhoseFingerprintLiesIsRefused() throws {
        let engine = try memoryEngine()
        var forged = try StoreFixtures.machine()
        forged.title = "changed after compilation"
        XCTAssertThrowsError(try engine.deploy(forged, at: at("2025-09-22T12:00"))) {
            XCTAssertEqual($0 as? CaseEngineError, .badMachine(forged.fingerprint))
        }
    }
}
