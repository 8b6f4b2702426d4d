import Foundation
import ShenpiTestSupport
import XCTest

@testable import shenpi

/// The pieces of `shenpi bench serve` that need no server: response parsing,
/// request bytes, percentiles.
final class LoadClientTests: XCTestCase {
    func testParsesAResponseHeadOnlyOnceItIsComplete() throws {
        let text = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 7\r\netag: \"1\"\r\n\r\n{\"a\":1}HTTP/1.1"
        let bytes = Array(text.utf8)
        let headLength = text.utf8.count - 7 - "HTTP/1.1".utf8.count
        for cut in [0, 3, 20, headLength - 1] {
            XCTAssertNil(try HTTPResponseParser.head(bytes[0..<cut]), "cut at \(cut)")
        }
        let head = try XCTUnwrap(HTTPResponseParser.head(bytes[...]))
        XCTAssertEqual(head, HTTPResponseHead(status: 201, headerBytes: headLength, contentLength: 7, close: false))
        // A slice that does not start at index 0 (the connection's buffer after a response).
        let shifted = Array("xx".utf8) + bytes
        XCTAssertEqual(try HTTPResponseParser.head(shifted[2...]), head)
    }

    func testHeaderNamesAnyCaseConnectionCloseAndBodilessStatuses() throws {
        let a = try XCTUnwrap(HTTPResponseParser.head(Array("HTTP/1.1 409 Conflict\r\ncontent-length:12\r\nConnection: close\r\n\r\n".utf8)[...]))
        XCTAssertEqual(a.status, 409)
        XCTAssertEqual(a.contentLength, 12)
        XCTAssertTrue(a.close)
        let b = try XCTUnwrap(HTTPResponseParser.head(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8)[...]))
        XCTAssertEqual(b.contentLength, 0)
        XCTAssertTrue(try XCTUnwrap(HTTPResponseParser.head(Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)[...])).close)
    }

    func testRefusesWhatItCannotFrame() {
        for text in ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n", "SMTP 220 hi\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"] {
            XCTAssertThrowsError(try HTTPResponseParser.head(Array(text.utf8)[...]), text)
        }
    }

    func testRequestBytes() {
        let post = String(decoding: HTTPResponseParser.request("POST", "/v1/cases", headers: [("authorization", "Bearer x")], body: Array("{}".utf8)),
                          as: UTF8.self)
        XCTAssertEqual(post, "POST /v1/cases HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer x\r\n"
                       + "content-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
        XCTAssertEqual(String(decoding: HTTPResponseParser.request("GET", "/healthz"), as: UTF8.self), "GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
    }

    func testPercentilesByNearestRank() throws {
        XCTAssertNil(LatencySummary(microseconds: []))
        let one = try XCTUnwrap(LatencySummary(microseconds: [42]))
        XCTAssertEqual([one.p50, one.p90, one.p99, one.max], [42, 42, 42, 42])
        // 1…1000 shuffled: the k-th percentile is k·10.
        let s = try XCTUnwrap(LatencySummary(microseconds: (1...1000).map { UInt64($0) }.shuffled()))
        XCTAssertEqual([s.p50, s.p90, s.p99, s.max, UInt64(s.count)], [500, 900, 990, 1000, 1000])
        // 10 samples: p99 is the largest, p50 the 5th, p90 the 9th.
        let t = try XCTUnwrap(LatencySummary(microseconds: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]))
        XCTAssertEqual([t.p50, t.p90, t.p99, t.max], [5, 9, 10, 10])
    }

    func testOrderedJSONLine() {
        var inner = JSONLine()
        inner.add("ok", true)
        var line = JSONLine()
        line.add("scenario", "act \"x\"")
        line.add("n", 3)
        line.add("ms", 1.23456, digits: 3)
        line.add("none", nil)
        line.add("nan", Double.nan, digits: 1)
        line.add("targets", object: inner)
        XCTAssertEqual(line.text, #"{"scenario":"act \"x\"","n":3,"ms":1.235,"none":null,"nan":null,"targets":{"ok":true}}"#)
    }

    /// Values that once trapped converting to integers are refused before a daemon starts.
    func testBenchServeRefusesOutOfRangeValues() throws {
        for arguments in [["--seconds", "1e300"], ["--rate", "1e300"], ["--pause", "inf"], ["--seconds", "nan"]] {
            let r = try CLI.run(["bench", "serve"] + arguments)
            XCTAssertNotEqual(r.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("--seconds must be in (0, 3600]"), r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
    }

    /// A bench stopped by a signal (a `timeout`) stops its daemon and
    /// removes its folder before it exits.
    func testASignalledBenchLeavesNoDaemonBehind() throws {
        let workflows = FileManager.default.temporaryDirectory.appendingPathComponent("shenpi-bench-signal-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: TestSupport.path("workflows"), toPath: workflows)
        defer { try? FileManager.default.removeItem(atPath: workflows) }
        let bench = Process()
        bench.executableURL = CLI.binary
        bench.arguments = ["bench", "serve", "--seconds", "60", "--connections", "1", "--workflows", workflows]
        bench.standardOutput = FileHandle.nullDevice
        bench.standardError = FileHandle.nullDevice
        try bench.run()
        // The daemon's command line names the copied folder: find it by that.
        func daemons() -> [Int32] {
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
            return pids.filter { pid in
                guard pid != bench.processIdentifier, let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
                return String(decoding: line, as: UTF8.self).contains(workflows)
            }
        }
        let folder = NSTemporaryDirectory() + "shenpi-bench-serve-\(bench.processIdentifier)"
        for _ in 0..<600 where daemons().isEmpty { usleep(50_000) }
        XCTAssertEqual(daemons().count, 1, "the daemon started")
        bench.terminate()
        bench.waitUntilExit()
        XCTAssertEqual(bench.terminationStatus, 128 + SIGTERM)
        // Up to 30 s on a loaded machine; it stops as soon as the daemon is gone.
        for _ in 0..<600 where !daemons().isEmpty { usleep(50_000) }
        XCTAssertEqual(daemons(), [], "no daemon left running")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
    }

    /// The whole bench, briefly, against a real daemon: every phase answers
    /// without errors and prints its line (no timing is checked).
    func testBenchServeRunsEveryPhase() throws {
        let r = try CLI.run(["bench", "serve", "--seconds", "0.3", "--connections", "2", "--rate", "40", "--pause", "0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
        XCTAssertEqual(lines.count, 7, r.stdout)
        let phases = lines.dropLast().map { "\($0["scenario"] ?? "?") \($0["mode"] ?? "?")" }
        XCTAssertEqual(phases, ["healthz saturation", "submit saturation", "act saturation",
                                "healthz fixed-rate", "submit fixed-rate", "act fixed-rate"])
        for line in lines.dropLast() {
            XCTAssertEqual(line["errors"] as? Int, 0, "\(line)")
            XCTAssertGreaterThan(line["ok"] as? Int ?? 0, 0, "\(line)")
            // CPU time is counted in clock ticks: a dozen health checks at a fixed rate may take none.
            let cpu = try XCTUnwrap(line["server_cpu_us_per_request"] as? Double, "\(line)")
            if line["mode"] as? String == "saturation" { XCTAssertGreaterThan(cpu, 0, "\(line)") } else { XCTAssertGreaterThanOrEqual(cpu, 0) }
        }
        XCTAssertEqual(lines.last?["summary"] as? Bool, true)
        XCTAssertNotNil(lines.last?["targets_met"] as? [String: Any])
        // The CPU ratio is the phases' own figures divided (up to their rounding).
        let healthCPU = try XCTUnwrap(lines[0]["server_cpu_us_per_request"] as? Double)
        let actCPU = try XCTUnwrap(lines[2]["server_cpu_us_per_request"] as? Double)
        let ratio = try XCTUnwrap(lines.last?["act_vs_healthz_by_server_cpu"] as? Double)
        XCTAssertEqual(ratio, healthCPU / actCPU, accuracy: 0.01, r.stdout)
    }
}
