import Foundation
import Logging
import ShenpiAPI
import ShenpiCalendar
import ShenpiStore
import ShenpiTestSupport
import XCTest

/// The API over an in-memory store serving the project's own workflows,
/// with a clock the test moves, and users made straight in the token table.
final class APIHarness: @unchecked Sendable {
    let api: API
    let engine: CaseEngine
    let clock: TestClock

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        var code: String? { error["code"] as? String }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let catalog: Result<FlowCatalog, CatalogError> = Result { () throws(CatalogError) in
        try FlowCatalog.load(directory: TestSupport.path("workflows"))
    }

    init(start: String = "2025-09-26T09:30", database: AppDatabase? = nil, catalog: FlowCatalog? = nil) throws {
        let clock = TestClock(Instant(iso: start)!)
        self.clock = clock
        let catalog = try catalog ?? Self.catalog.get()
        engine = CaseEngine(database: try database ?? AppDatabase.inMemory(), calendars: catalog.calendars)
        _ = try API.deploy(catalog, engine: engine, at: clock.now)
        // Quiet: a request line per call would bury the test report.
        api = API(engine: engine, catalog: catalog, clock: { clock.now }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    var now: Instant { clock.now }

    func advance(seconds: Int) { clock.advance(seconds: seconds) }

    /// A user's secret token.
    func user(_ name: String, department: String? = nil, roles: [String] = [], scopes: [Scope] = []) throws -> String {
        try api.tokens.create(name: name, department: department, roles: roles, scopes: scopes, at: now).token
    }

    func call(_ method: String, _ target: String, token: String?, body: String? = nil, headers: [String: String] = [:]) async -> Answer {
        var h = headers
        if let token { h["Authorization"] = "Bearer " + token }
        let response = await api.handle(APIRequest(method: method, target: target, headers: h, body: Data((body ?? "").utf8)))
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// The number of events of a case (to prove a refusal left no trace).
    func eventCount(_ caseID: String) throws -> Int { try engine.case(caseID).history.count }
}

/// Bodies of the flows used by the tests.
enum Bodies {
    static func busCard(_ id: String, age65: Bool = true, materials: [String] = ["id-card"]) -> String {
        let idNumber = age65 ? "11010519491231002X" : "110105200001010016"
        let list = materials.map { "\"\($0)\"" }.joined(separator: ",")
        return """
            {"flow":"senior-bus-card","id":"\(id)","fields":{"applicant-name":"张三","id-number":"\(idNumber)",\
            "phone":"13812345678","hukou":"local","by-agent":false},"materials":[\(list)]}
            """
    }

    static func land(_ id: String) -> String {
        """
        {"flow":"land-certificate-exchange","id":"\(id)","fields":{"holder-name":"李四","holder-type":"person",\
        "contact-phone":"13900001111","by-agent":false},"materials":["application","old-certificate","holder-id"]}
        """
    }

    static func decide(_ step: String, _ decision: String, comment: String? = nil) -> String {
        guard let comment else { return #"{"type":"decide","step":"\#(step)","decision":"\#(decision)"}"# }
        return #"{"type":"decide","step":"\#(step)","decision":"\#(decision)","comment":"\#(comment)"}"#
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Instant

    init(_ start: Instant) { instant = start }

    var now: Instant { lock.withLock { instant } }

    func advance(seconds: Int) { lock.withLock { instant = instant.adding(seconds: seconds) } }
}
