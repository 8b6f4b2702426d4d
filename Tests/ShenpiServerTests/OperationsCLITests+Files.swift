import Foundation
import ShenpiTestSupport
import XCTest

/// Where `serve` and `backup` write: owner-only files, and paths that
/// cannot be written refused up front as bad usage (exit 2, one line).
extension OperationsCLITests {
    func testServeAndBackupCreateOwnerOnlyFiles() async throws {
        let dir = try temporaryDirectory()
        let (daemon, window) = try await startWithWindowUser(dir)
        let submitted = try await daemon.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-1"))
        XCTAssertEqual(submitted.status, 201)
        let accepted = try await daemon.call("POST", "/v1/cases/BC-1/actions", token: window, body: Bodies.decide("accept", "accept"))
        XCTAssertEqual(accepted.status, 200)
        // The sender polls every 0.5 s; wait for the acceptance notice to be written.
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: dir + "/notifications.jsonl") {
            try await Task.sleep(for: .milliseconds(20))
        }
        let backup = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/copy.db", "--calendars", TestSupport.path("workflows/calendars")])
        XCTAssertEqual(backup.status, 0, backup.stderr)

        for file in ["shenpi.db", "shenpi.db-wal", "shenpi.db-shm", "notifications.jsonl", "copy.db"] {
            XCTAssertEqual(try mode(dir + "/" + file), 0o600, file)
        }
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0)
    }

    /// A database an earlier release made world-readable is named at start
    /// with the fix; its mode is left as the operator has it.
    func testServeWarnsOfADatabaseOthersCanRead() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(try runShenpi(["token", "create", "--db", dir + "/shenpi.db", "--name", "admin", "--scopes", "admin"]).status, 0)
        XCTAssertEqual(chmod(dir + "/shenpi.db", 0o644), 0)
        let daemon = try DaemonProcess(directory: dir)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0, daemon.log)
        let warning = daemon.log.split(separator: "\n").first { $0.contains("file open to users other than its owner") }
        XCTAssertNotNil(warning, daemon.log)
        XCTAssertTrue(warning?.contains(#""mode":"0644""#) ?? false, daemon.log)
        XCTAssertTrue(warning?.contains(#""fix":"chmod 600 \#(dir)/shenpi.db*""#) ?? false, daemon.log)
        XCTAssertEqual(try mode(dir + "/shenpi.db"), 0o644)
    }

    func testPathsThatCannotBeWrittenAreBadUsageNamingThePath() throws {
        let dir = try temporaryDirectory()
        // A folder without flows: were a path not checked first, the daemon
        // would stop at its lint (exit 1) rather than start and serve.
        let workflows = try temporaryDirectory()
        func serve(_ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try runShenpi(["serve", "--db", dir + "/shenpi.db", "--workflows", workflows, "--listen", "127.0.0.1:0",
                           "--notifications-file", dir + "/n.jsonl"] + extra)
        }
        let source = try temporaryDirectory() + "/shenpi.db"
        XCTAssertEqual(try runShenpi(["token", "create", "--db", source, "--name", "admin"]).status, 0)
        let cases: [(run: (status: Int32, stdout: String, stderr: String), says: String)] = [
            (try serve(["--workflows", dir + "/nowf"]), "no workflow folder at \(dir)/nowf"),
            (try serve([]), "\(workflows) holds no flow"),
            (try serve(["--db", dir + "/missing/shenpi.db"]), "cannot write --db \(dir)/missing/shenpi.db: no folder \(dir)/missing"),
            (try serve(["--notifications-file", dir + "/missing/n.jsonl"]),
             "cannot write --notifications-file \(dir)/missing/n.jsonl: no folder \(dir)/missing"),
            (try serve(["--notifications-file", dir]), "cannot write --notifications-file \(dir): it is a folder"),
            // Every unwritable path at once, the database first.
            (try serve(["--db", dir + "/gone/shenpi.db", "--notifications-file", dir]),
             "cannot write --db \(dir)/gone/shenpi.db: no folder \(dir)/gone; cannot write --notifications-file \(dir): it is a folder"),
            (try runShenpi(["backup", "--db", source, "--to", dir + "/missing/b.db"]),
             "cannot write --to \(dir)/missing/b.db: no folder \(dir)/missing"),
        ]
        for c in cases {
            XCTAssertEqual(c.run.status, 2, c.run.stderr)
            XCTAssertEqual(c.run.stderr, "shenpi: error: \(c.says)\n")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [], "nothing is created")
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int) & 0o777
    }

    /// `token create` on a path with no database creates one (provisioning
    /// before the first start) and says so: a mistyped `--db` during the
    /// recovery of a lost token printed a secret that worked nowhere.
    func testTokenCreateSaysWhenItCreatedTheDatabase() throws {
        let dir = try temporaryDirectory()
        let first = try runShenpi(["token", "create", "--db", dir + "/typo.db", "--name", "admin2", "--scopes", "admin"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("shenpi: warning: no database was at \(dir)/typo.db: created a new one"), first.stderr)
        let second = try runShenpi(["token", "create", "--db", dir + "/typo.db", "--name", "admin3", "--scopes", "admin"])
        XCTAssertEqual([second.status.description, second.stderr], ["0", ""])
    }
}
