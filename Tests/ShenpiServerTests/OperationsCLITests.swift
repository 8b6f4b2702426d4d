import Foundation
import GRDB
import ShenpiTestSupport
import XCTest

/// `shenpi backup` against a running daemon, and `shenpi token`.
final class OperationsCLITests: XCTestCase {
    func testOnlineBackupIsConsistentAuditedAndNeverOverwrites() async throws {
        let dir = try temporaryDirectory()
        let (daemon, window) = try await startWithWindowUser(dir)
        for i in 0..<5 {
            let a = try await daemon.call("POST", "/v1/cases", token: window, body: Bodies.busCard("BC-\(i)"))
            XCTAssertEqual(a.status, 201)
        }
        let backup = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/copy.db", "--calendars", TestSupport.path("workflows/calendars")])
        XCTAssertEqual(backup.status, 0, backup.stderr)
        XCTAssertTrue(backup.stdout.contains("5 cases"), backup.stdout)
        XCTAssertFalse(backup.stdout.contains("without re-running"), backup.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/copy.db-wal"), "a standalone copy")
        // Elsewhere, without the catalog's calendars: --strict fails, and keeps the copy.
        let strict = try XCTUnwrap(try BuiltShenpi.run(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/strict.db", "--strict"],
                                                       in: NSTemporaryDirectory()))
        XCTAssertEqual(strict.status, 1, strict.stdout + strict.stderr)
        XCTAssertTrue(strict.stderr.contains("but 5 of 5 cases were checked without re-running: unknown calendar citizen-center"), strict.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/strict.db"))
        let again = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/copy.db"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("never overwrites"), again.stderr)
        // A symbolic link to nowhere is a file there too; a place SQLite cannot create a file in is one line, exit 2.
        XCTAssertEqual(symlink(dir + "/nowhere/x.db", dir + "/dangling.db"), 0)
        let dangling = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/dangling.db"])
        XCTAssertEqual([dangling.status.description, dangling.stderr], ["2", "shenpi: error: \(dir)/dangling.db exists already; a backup never overwrites a file\n"])
        let proc = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", "/proc/shenpi-copy.db"])
        XCTAssertEqual([proc.status.description, proc.stderr],
                       ["2", "shenpi: error: cannot make the backup /proc/shenpi-copy.db: the file cannot be created there; nothing was left there\n"])
        let missing = try runShenpi(["backup", "--db", dir + "/nothing.db", "--to", dir + "/x.db"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.db"))
        // A bad --calendars is refused before anything is copied.
        let badCalendars = try runShenpi(["backup", "--db", dir + "/shenpi.db", "--to", dir + "/y.db", "--calendars", dir + "/no-such"])
        XCTAssertEqual(badCalendars.status, 2)
        XCTAssertTrue(badCalendars.stderr.contains("no such calendar folder"), badCalendars.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/y.db"))
        // A broken default ./workflows/calendars does not stop a backup: the copy is made and audited on the bundled calendars.
        let cwd = dir + "/elsewhere"
        try FileManager.default.createDirectory(atPath: cwd + "/workflows/calendars", withIntermediateDirectories: true)
        try "not a calendar".write(toFile: cwd + "/workflows/calendars/broken.cal", atomically: true, encoding: .utf8)
        let fallback = try XCTUnwrap(try BuiltShenpi.run(["backup", "--db", dir + "/shenpi.db", "--to", cwd + "/z.db"], in: cwd))
        XCTAssertEqual(fallback.status, 0, fallback.stderr)
        XCTAssertTrue(fallback.stderr.contains("warning: workflows/calendars not used for the audit"), fallback.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cwd + "/z.db"))
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.wait(), 0)

        // The copy serves: a daemon on it has the cases and the users.
        try FileManager.default.createDirectory(atPath: dir + "/restored", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/copy.db", toPath: dir + "/restored/shenpi.db")
        let restored = try DaemonProcess(directory: dir + "/restored")
        XCTAssertNil(restored.adminToken)
        let read = try await restored.call("GET", "/v1/cases/BC-4", token: window)
        XCTAssertEqual(read.status, 200)
        restored.kill(SIGTERM)
        XCTAssertEqual(restored.wait(), 0)

        // A database of the release before (its last migration undone) is copied but not audited:
        // said on stdout, and with --strict an error, the copy kept.
        try FileManager.default.copyItem(atPath: dir + "/copy.db", toPath: dir + "/earlier.db")
        try await DatabaseQueue(path: dir + "/earlier.db").write {
            try $0.execute(sql: "DROP TABLE case_acted; DELETE FROM grdb_migrations WHERE identifier = 'v11-acted-at'")
        }
        let earlier = try runShenpi(["backup", "--db", dir + "/earlier.db", "--to", dir + "/earlier-copy.db"])
        XCTAssertEqual(earlier.status, 0, earlier.stderr)
        XCTAssertTrue(earlier.stdout.contains("not audited, the database has an earlier release's schema"), earlier.stdout)
        let earlierStrict = try runShenpi(["backup", "--db", dir + "/earlier.db", "--to", dir + "/earlier-strict.db", "--strict"])
        XCTAssertEqual(earlierStrict.status, 1, earlierStrict.stdout)
        XCTAssertTrue(earlierStrict.stderr.contains("not audited, the database has an earlier release's schema"), earlierStrict.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/earlier-strict.db"))
    }

    /// A daemon on a fresh database in `dir`, and the token of a window officer.
    func startWithWindowUser(_ dir: String) async throws -> (DaemonProcess, String) {
        let daemon = try DaemonProcess(directory: dir)
        let admin = try XCTUnwrap(daemon.adminToken)
        let made = try await daemon.call("POST", "/v1/tokens", token: admin, body: #"{"name":"li.na","department":"center","roles":["window"],"scopes":["intake"]}"#)
        return (daemon, try XCTUnwrap(made.json["token"] as? String))
    }

    func testServeRefusesBadOptionsWithExitTwo() throws {
        let dir = try temporaryDirectory()
        let clock = try runShenpi(["serve", "--db", dir + "/x.db", "--clock-start", "yesterday"])
        XCTAssertEqual(clock.status, 2)
        XCTAssertTrue(clock.stderr.contains("bad instant for --clock-start: yesterday"), clock.stderr)
        let listen = try runShenpi(["serve", "--db", dir + "/x.db", "--listen", "localhost"])
        XCTAssertEqual(listen.status, 2)
        XCTAssertTrue(listen.stderr.contains("--listen must be host:port"), listen.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.db"), "nothing is created on bad options")
        for arguments in [["serve", "--db", ""], ["serve", "--db", dir + "/x.db", "--notifications-file", ""],
                          ["backup", "--db", dir + "/x.db", "--to", ""], ["token", "create", "--db", "", "--name", "a"]] {
            let empty = try runShenpi(arguments)
            XCTAssertEqual(empty.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(empty.stderr.contains("is empty; name a file"), empty.stderr)
        }
    }

    func testTokenCommandCreatesListsAndRevokes() throws {
        let dir = try temporaryDirectory()
        let db = dir + "/shenpi.db"
        let created = try runShenpi(["token", "create", "--db", db, "--name", "admin2", "--scopes", "admin,supervise"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let lines = created.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[1].hasPrefix("shp_"))
        let id = String(lines[0].split(separator: " ")[0])
        let taken = try runShenpi(["token", "create", "--db", db, "--name", "admin2"])
        XCTAssertEqual(taken.status, 2)
        XCTAssertEqual(try runShenpi(["token", "create", "--db", db, "--name", "x", "--scopes", "root"]).status, 2)
        for name in ["", "   ", "li\tna", "li\nna"] {
            let bad = try runShenpi(["token", "create", "--db", db, "--name", name])
            XCTAssertEqual(bad.status, 2, name)
            XCTAssertTrue(bad.stderr.contains("bad --name: must not"), bad.stderr)
        }
        // Refused before a database is created.
        XCTAssertNotEqual(try runShenpi(["token", "create", "--db", dir + "/new.db", "--name", " "]).status, 0)
        let noDepartment = try runShenpi(["token", "create", "--db", dir + "/new.db", "--name", "a", "--department", ""])
        XCTAssertEqual([noDepartment.status.description, noDepartment.stderr],
                       ["2", "shenpi: error: --department is empty; leave it out for a user of no department\n"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/new.db"))
        let list = try runShenpi(["token", "list", "--db", db])
        XCTAssertEqual(list.stdout, "\(id)\tadmin2\t-\t\tadmin,supervise\tactive\n")
        XCTAssertFalse(list.stdout.contains(String(lines[1])))
        XCTAssertEqual(try runShenpi(["token", "revoke", "--db", db, id]).status, 0)
        XCTAssertEqual(try runShenpi(["token", "revoke", "--db", db, id]).status, 2)
        XCTAssertTrue(try runShenpi(["token", "list", "--db", db]).stdout.hasSuffix("revoked\n"))
    }

    /// The recovery path works with the daemon down and refuses nothing the
    /// registry does not know, but says so; a secret revokes its own token.
    func testTokenCreateWarnsOfWhatTheRegistryDoesNotKnow() throws {
        let dir = try temporaryDirectory()
        let db = dir + "/shenpi.db"
        let registry = TestSupport.path("workflows/registry.yaml")
        let odd = try runShenpi(["token", "create", "--db", db, "--name", "x", "--department", "nowhere", "--roles", "xx,window", "--registry", registry])
        XCTAssertEqual(odd.status, 0, odd.stderr)
        XCTAssertEqual(odd.stderr, """
            shenpi: warning: no database was at \(db): created a new one; the token works only for a daemon serving this file
            shenpi: warning: no department nowhere in \(registry): the user can act on no step
            shenpi: warning: no role xx in \(registry): it lets the user act on no step
            shenpi: warning: role window belongs to department center, not nowhere: the API honours only roles of the user's department

            """)
        let fine = try runShenpi(["token", "create", "--db", db, "--name", "y", "--department", "center", "--roles", "window", "--registry", registry])
        XCTAssertEqual([fine.status.description, fine.stderr], ["0", ""])
        let broken = try runShenpi(["token", "create", "--db", dir + "/other.db", "--name", "z", "--registry", dir])
        XCTAssertEqual(broken.status, 2, broken.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/other.db"), "refused before anything is written")
        let secret = String(fine.stdout.split(separator: "\n")[1])
        let revoked = try runShenpi(["token", "revoke", "--db", db, secret])
        XCTAssertEqual(revoked.status, 0, revoked.stderr)
        XCTAssertEqual(revoked.stdout, "revoked \(fine.stdout.split(separator: " ")[0])\n")
        let again = try runShenpi(["token", "revoke", "--db", db, secret])
        XCTAssertFalse(again.stderr.contains(secret), again.stderr)
        // A catalog whose registry does not read does not block the recovery path.
        try FileManager.default.createDirectory(atPath: dir + "/workflows", withIntermediateDirectories: true)
        try "registry: [".write(toFile: dir + "/workflows/registry.yaml", atomically: true, encoding: .utf8)
        let recovered = try XCTUnwrap(BuiltShenpi.run(["token", "create", "--db", "shenpi.db", "--name", "admin3", "--scopes", "admin"], in: dir))
        XCTAssertEqual(recovered.status, 0, recovered.stderr)
        XCTAssertTrue(recovered.stderr.contains("shenpi: warning: the department and roles were not checked"), recovered.stderr)
    }
}
