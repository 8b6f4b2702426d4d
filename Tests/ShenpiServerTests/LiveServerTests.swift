import Foundation
import ShenpiServer
import ShenpiTestSupport
import XCTest

/// The daemon as an operator runs it: a real process on a loopback port.
final class LiveServerTests: XCTestCase {
    func testServesACaseOverHTTPAndStopsGracefullyOnSIGTERM() async throws {
        let dir = try temporaryDirectory()
        var daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken, "the first start prints an administrator token")
        let health = try await daemon.call("GET", "/healthz", token: nil)
        XCTAssertEqual(health.status, 200)
        let a1 = try await daemon.call("GET", "/v1/flows", token: nil)
        XCTAssertEqual(a1.status, 401)
        let created = try await daemon.call("POST", "/v1/tokens", token: admin,
                                            body: #"{"name":"li.na","department":"center","roles":["window"],"scopes":["intake"]}"#)
        XCTAssertEqual(created.status, 201)
        let window = try XCTUnwrap(created.json["token"] as? String)
        let submitted = try await daemon.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(submitted.status, 201)
        XCTAssertEqual(submitted.headers["etag"], "\"1\"")
        let accepted = try await daemon.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"),
                                             headers: ["If-Match": "\"1\""])
        XCTAssertEqual(accepted.status, 200)
        let big = try await daemon.call("POST", "/v1/cases", token: window, body: String(repeating: " ", count: 2 << 20))
        XCTAssertEqual(big.status, 413)
        let metrics = try await daemon.call("GET", "/metrics", token: nil)
        let text = String(decoding: metrics.body, as: UTF8.self)
        XCTAssertTrue(text.contains(#"shenpi_http_requests_total{route="unrouted",method="POST",status="413"} 1"#), text)
        XCTAssertTrue(text.contains("shenpi_build_info{version=\"\(Release.version)\",schema=\"\(Release.schema)\"} 1"), text)
        // Every metric operations.md lists is there from the start, before its first event.
        let operations = try String(contentsOfFile: TestSupport.path("docs/operations.md"), encoding: .utf8)
        let documented = operations.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `shenpi_") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        XCTAssertEqual(documented.count, 14, operations)
        for name in documented { XCTAssertTrue(text.contains("# TYPE \(name) "), name + "\n" + text) }
        XCTAssertTrue(text.contains(#"shenpi_timers_fired_total{kind="caseTimeout",result="refused"} 0"#), text)
        // The submission and the acceptance went through the group committer.
        func value(_ name: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
        }
        XCTAssertGreaterThanOrEqual(value("shenpi_group_commit_commands_total") ?? 0, 2, text)
        XCTAssertGreaterThanOrEqual(value("shenpi_group_commit_commands_total") ?? 0, value("shenpi_group_commits_total") ?? .max, text)

        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        XCTAssertTrue(daemon.log.contains("\"msg\":\"stopped\""), daemon.log)
        XCTAssertFalse(daemon.log.contains("11010519491231002X"), "resident ids never reach the log")

        daemon = try DaemonProcess(directory: dir)
        XCTAssertNil(daemon.adminToken, "the administrator token is printed only on the first start")
        let read = try await daemon.call("GET", "/v1/cases/BC-1", token: window)
        XCTAssertEqual(read.json["version"] as? Int, 2)
        let head = try await daemon.call("HEAD", "/v1/cases/BC-1", token: window)
        let again = try await daemon.call("GET", "/v1/cases/BC-1", token: window)
        XCTAssertEqual(head.status, 200)
        // A case read on the real clock may change between two reads (its clock's
        // figures as of now): the HEAD's length is one of the GETs' around it.
        XCTAssertTrue([read.body.count, again.body.count].map(String.init).contains(head.headers["content-length"] ?? "0"),
                      "the GET's length, not 0: \(head.headers), \(read.body.count), \(again.body.count)")
        XCTAssertTrue(head.body.isEmpty)
        daemon.kill(SIGINT)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
    }

    /// What NIO's parser refuses gets the API's JSON error, not an empty 400,
    /// and the connection closes; a broken chunked body is 400 too, not 413.
    func testMalformedHTTPGetsAJSONError() throws {
        let daemon = try DaemonProcess(directory: try temporaryDirectory())
        let cases: [(String, String)] = [
            ("get /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "the method is not one HTTP knows (methods are upper-case, such as GET or POST)"),
            ("GET /healthz HTTP/1.1\r\nHo\u{1}st: x\r\n\r\n", "a header has a character HTTP does not allow in it"),
            ("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\n", "Content-Length is not a single number of bytes"),
            ("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", "the HTTP version is not HTTP/1.0 or HTTP/1.1"),
            ("POST /v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", "a chunk of the body has a bad size line"),
            ("POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
             "its framing is not allowed (a Transfer-Encoding that does not end in chunked, Content-Length beside Transfer-Encoding, or a CR out of place)"),
            // Pipelined: the two good requests are answered first, in order.
            ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\nge t\r\n\r\n",
             "the method is not one HTTP knows (methods are upper-case, such as GET or POST)"),
        ]
        for (request, what) in cases {
            let answer = try daemon.raw(Array(request.utf8))
            let last = try XCTUnwrap(answer.components(separatedBy: "HTTP/1.1 ").last, answer)
            XCTAssertTrue(last.hasPrefix("400 Bad Request\r\n"), answer)
            XCTAssertTrue(last.lowercased().contains("connection: close\r\n"), answer)
            XCTAssertTrue(last.lowercased().contains("content-type: application/json; charset=utf-8\r\n"), answer)
            let body = try XCTUnwrap(last.components(separatedBy: "\r\n\r\n").last)
            XCTAssertTrue(last.lowercased().contains("content-length: \(body.utf8.count)\r\n"), answer)
            let error = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["error"] as? [String: Any]
            XCTAssertEqual(error?["code"] as? String, "bad-request", answer)
            XCTAssertEqual(error?["message"] as? String, "the request is not valid HTTP/1.1: \(what); the connection is closed", answer)
        }
        let pipelined = try daemon.raw(Array(cases.last!.0.utf8))
        XCTAssertEqual(pipelined.components(separatedBy: #"{"status":"ok"}"#).count, 3, pipelined)
        // Counted and logged like any other answer.
        let metrics = try daemon.raw(Array("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertTrue(metrics.contains(#"shenpi_http_requests_total{route="unrouted",method="",status="400"} 7"#), metrics)
        XCTAssertTrue(metrics.contains(#"shenpi_http_requests_total{route="unrouted",method="POST",status="400"} 1"#), metrics)
        XCTAssertTrue(daemon.log.contains("the request is not valid HTTP/1.1: the HTTP version is not HTTP/1.0 or HTTP/1.1"), daemon.log)
    }

    /// A connection that never completes its request (a header left
    /// unfinished, a body short of its length, a keep-alive left open) is
    /// closed after `--idle-timeout`: held open, such connections used up
    /// the daemon's descriptors and every client waited.
    func testAConnectionThatSendsNoCompleteRequestIsClosed() throws {
        let daemon = try DaemonProcess(directory: try temporaryDirectory(), extra: ["--idle-timeout", "1"])
        for request in ["GET /healthz HTTP/1.1\r\nHost: x\r\n", "POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
                        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"] {
            let (answer, closed) = try daemon.rawExchange(Array(request.utf8))
            XCTAssertTrue(closed, "\(request.debugDescription) stayed open: \(answer)")
        }
        let served = try daemon.raw(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertTrue(served.hasPrefix("HTTP/1.1 200 OK"), served)
        let refused = try runShenpi(["serve", "--idle-timeout", "0"])
        XCTAssertEqual([refused.status.description, refused.stderr], ["2", "shenpi: error: --idle-timeout must be 1 to 3600 seconds\n"])
    }

    func testFlowsWithLintErrorsRefuseToStart() throws {
        let dir = try temporaryDirectory()
        let flows = dir + "/workflows"
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: flows)
        let file = flows + "/transport/senior-bus-card.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "next: eligibility-review", with: "next: eligibility-reveiw").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DaemonProcess(directory: dir, workflows: flows)) { error in
            let e = error as! DaemonStartError
            XCTAssertEqual(e.status, 1)
            XCTAssertTrue(e.stderr.contains("senior-bus-card.yaml:"), e.stderr)
            XCTAssertTrue(e.stderr.contains("eligibility-reveiw"), e.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/shenpi.db"), "nothing is created when the flows are refused")

        // A calendar copy that changes a covered day is the catalog's error too: exit 1
        // (systemd's RestartPreventExitStatus), not 3, which restarted the unit for ever.
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let cn = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        try (cn + "work 2026-12-26 元旦调休\n").write(toFile: flows + "/calendars/cn.cal", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DaemonProcess(directory: dir, workflows: flows)) { error in
            let e = error as! DaemonStartError
            XCTAssertEqual(e.status, 1, e.stderr)
            XCTAssertTrue(e.stderr.contains("calendars/cn.cal:"), e.stderr)
            XCTAssertTrue(e.stderr.contains("2026-12-26"), e.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/shenpi.db"))
    }

    func testSIGHUPReloadsFlowsAndRunningCasesStayOnTheirVersion() async throws {
        let dir = try temporaryDirectory()
        let flows = dir + "/workflows"
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: flows)
        let daemon = try DaemonProcess(directory: dir, workflows: flows)
        let admin = try XCTUnwrap(daemon.adminToken)
        // The start says how far each calendar reaches (whether a year-end copy was taken).
        let deployed = try XCTUnwrap(daemon.log.split(separator: "\n").first { $0.contains("flows deployed") }, daemon.log)
        XCTAssertTrue(deployed.contains("citizen-center..2026-12-31,cn..2026-12-31,example-center..2026-12-31"), String(deployed))
        let made = try await daemon.call("POST", "/v1/tokens", token: admin, body: #"{"name":"li.na","department":"center","roles":["window"],"scopes":["intake"]}"#)
        let window = try XCTUnwrap(made.json["token"] as? String)
        let a2 = try await daemon.call("POST", "/v1/cases", token: window, body: Bodies.busCard("OLD"))
        XCTAssertEqual(a2.status, 201)

        let file = flows + "/transport/senior-bus-card.yaml"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let v = try XCTUnwrap(TestSupport.flowVersion(original))
        // A broken edit is refused; the flows served stay.
        try TestSupport.settingFlowVersion(original, to: "x").write(toFile: file, atomically: true, encoding: .utf8)
        daemon.kill(SIGHUP)
        try await waitFor { daemon.log.contains("reload refused") }
        let a3 = try await daemon.call("GET", "/v1/flows/senior-bus-card", token: window)
        XCTAssertEqual(a3.json["version"] as? Int, v)
        // `systemctl reload` says nothing of it: the metric does.
        let refused = try await daemon.call("GET", "/metrics", token: nil)
        XCTAssertTrue(String(decoding: refused.body, as: UTF8.self).contains(#"shenpi_reloads_total{result="refused"} 1"#))

        try TestSupport.settingFlowVersion(original, to: "\(v + 1)").write(toFile: file, atomically: true, encoding: .utf8)
        // Next year's days come with the same reload (a copy of cn with a test year added).
        let cn = try String(contentsOfFile: TestSupport.path("Sources/ShenpiCalendar/Data/cn.cal"), encoding: .utf8)
        try (cn.replacingOccurrences(of: "2026-12-31", with: "2027-12-31") + "\nyear 2027 测试数据（并非国务院办公厅通知）\noff 2027-01-01 元旦\n")
            .write(toFile: flows + "/calendars/cn.cal", atomically: true, encoding: .utf8)
        daemon.kill(SIGHUP)
        try await waitFor { daemon.log.contains("senior-bus-card@\(v + 1)") }
        XCTAssertTrue(daemon.log.contains("citizen-center..2027-12-31"), daemon.log)
        // One type per key in the JSON log: a count at start and at a reload, which flows in `new`.
        XCTAssertTrue(daemon.log.contains(#""new-versions":1"#), daemon.log)
        let reloaded = try await daemon.call("GET", "/metrics", token: nil)
        XCTAssertTrue(String(decoding: reloaded.body, as: UTF8.self).contains(#"shenpi_reloads_total{result="ok"} 1"#))
        let flow = try await daemon.call("GET", "/v1/flows/senior-bus-card", token: window)
        XCTAssertEqual(flow.json["version"] as? Int, v + 1)
        XCTAssertEqual((flow.json["versions"] as? [[String: Any]])?.count, 2)
        let a4 = try await daemon.call("GET", "/v1/cases/OLD", token: window)
        XCTAssertEqual(a4.json["flowVersion"] as? Int, v)
        let a5 = try await daemon.call("POST", "/v1/cases", token: window, body: Bodies.busCard("NEW"))
        XCTAssertEqual(a5.json["flowVersion"] as? Int, v + 1)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0)
    }

    func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        XCTAssertTrue(condition(), "timed out")
    }
}

/// A port that is taken: exit 3 with the address, and the administrator
/// token is not spent (the next start that can listen prints it).
final class BusyPortTests: XCTestCase {
    func testABusyPortKeepsTheAdministratorTokenForTheNextStart() throws {
        let dir = try temporaryDirectory()
        let first = try DaemonProcess(directory: dir)
        let taken = "127.0.0.1:\(first.port)"
        let other = try temporaryDirectory()
        guard let r = try BuiltShenpi.run(["serve", "--db", other + "/shenpi.db", "--workflows", TestSupport.path("workflows"), "--listen", taken,
                                           "--notifications-file", other + "/n.jsonl", "--clock-start", "2025-10-09T10:00"], in: other) else { throw XCTSkip("no shenpi") }
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("shenpi: error: cannot listen on \(taken): Address already in use\n"), r.stderr)
        XCTAssertFalse(r.stdout.contains("shp_"), "no token shown when nobody can use it")
        XCTAssertFalse(FileManager.default.fileExists(atPath: other + "/shenpi.db"), "checked before the store is made")
        first.kill(SIGTERM)
        XCTAssertEqual(first.wait(), 0)
        let second = try DaemonProcess(directory: other)
        XCTAssertNotNil(second.adminToken, "the token is made by the first start that listens")
        second.kill(SIGTERM)
        XCTAssertEqual(second.wait(), 0)
    }

    func testAHostThatDoesNotResolveIsNamedAndNothingIsWritten() throws {
        let dir = try temporaryDirectory()
        guard let r = try BuiltShenpi.run(["serve", "--db", dir + "/shenpi.db", "--workflows", TestSupport.path("workflows"),
                                           "--listen", "nosuchhost.invalid:8080", "--notifications-file", dir + "/n.jsonl"], in: dir)
        else { throw XCTSkip("no shenpi") }
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.hasPrefix("shenpi: error: cannot listen on nosuchhost.invalid:8080: unknown host ("), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "no store, no notification file")
    }
}
