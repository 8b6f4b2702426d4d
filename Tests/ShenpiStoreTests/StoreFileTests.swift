import Foundation
import GRDB
@testable import ShenpiStore
import XCTest

/// A store whose file is deleted or replaced while it is open refuses every
/// write from then on — SQLite would commit into a file nobody reads again —
/// and says so once.
final class StoreFileTests: XCTestCase {
    private func insert(_ db: AppDatabase, _ n: Int) throws {
        try db.writer.write { try $0.execute(sql: "INSERT INTO machine VALUES (?, 'w', 1, x'00', 0)", arguments: ["f\(n)"]) }
    }

    /// Counted on the writer: a new reader would open whatever is at the path now.
    private func machines(_ db: AppDatabase) throws -> Int {
        try db.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM machine") ?? -1 }
    }

    private func remove(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testEveryWriteAfterTheFileIsDeletedIsRefusedAndFoundOnce() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.db")
        let db = try AppDatabase.openFile(atPath: path)
        let found = Found()
        db.file?.whenMoved { found.add($0) }
        try insert(db, 1)
        XCTAssertNil(db.file?.moved)
        try remove(path)
        for n in 2...3 {
            XCTAssertThrowsError(try insert(db, n)) { error in
                XCTAssertEqual(error as? StoreMovedError, StoreMovedError(path: path, reason: "it was deleted"))
                XCTAssertEqual(db.unavailable(error), .moved(StoreMovedError(path: path, reason: "it was deleted")))
            }
        }
        XCTAssertEqual(try machines(db), 1, "nothing after the deletion was committed")
        XCTAssertEqual(found.all.map(\.reason), ["it was deleted"], "found once")
        XCTAssertEqual(db.file?.moved?.path, path)
        XCTAssertTrue(found.all.first?.description.contains("restart the daemon on the right file") == true)
    }

    /// `lnk/../s.db` is where the kernel takes it — through the link — and
    /// the check looks there too, not where the text would say.
    func testAPathThroughALinkAndDotDotIsCheckedWhereSQLiteOpenedIt() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("x/y"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("lnk"), withDestinationPath: dir.file("x/y"))
        let db = try AppDatabase.openFile(atPath: dir.file("lnk/../s.db"))
        try insert(db, 1)
        try insert(db, 2)
        XCTAssertNil(db.file?.moved)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("x/s.db")))
    }

    /// `mv other.db shenpi.db` under a running store: neither file gets its writes.
    func testAWriteAfterAnotherFileTookItsPlaceIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.db")
        let db = try AppDatabase.openFile(atPath: path)
        let engine = CaseEngine(database: db, calendars: StoreFixtures.calendars)
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-01T09:00"))
        let other = try AppDatabase.openFile(atPath: dir.file("other.db"))
        try insert(other, 10)
        try other.close()
        XCTAssertEqual(rename(dir.file("other.db"), path), 0)
        XCTAssertThrowsError(try insert(db, 2)) {
            XCTAssertEqual(($0 as? StoreMovedError)?.reason, "another file is in its place")
        }
        // A command's own transaction (`writeCommand`, its COMMIT unseen by GRDB) is refused too, and said so.
        XCTAssertThrowsError(try engine.open("C-1", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))) {
            if case .moved? = db.unavailable($0) {} else { XCTFail("\($0)") }
        }
        XCTAssertEqual(try machines(db), 1)
        try db.close()
        let now = try AppDatabase.openFile(atPath: path)
        XCTAssertEqual(try now.writer.read { try String.fetchAll($0, sql: "SELECT fingerprint FROM machine") }, ["f10"])
        XCTAssertEqual(try now.writer.read { try Int.fetchOne($0, sql: #"SELECT COUNT(*) FROM "case""#) }, 0)
    }

    /// The sender could not record a delivery into a moved store, so it would
    /// send the same messages every pass: none are due any more.
    func testNoNotificationIsDueOnceTheFileIsFoundMoved() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("shenpi.db")
        let engine = CaseEngine(database: try AppDatabase.openFile(atPath: path), calendars: StoreFixtures.calendars)
        let m = try StoreFixtures.machine()
        try engine.deploy(m, at: at("2025-09-22T09:00"))
        try engine.open("C-1", machine: .fingerprint(m.fingerprint), submit: StoreFixtures.submit(m), at: at("2025-09-22T09:30"))
        try engine.apply("C-1", StoreFixtures.accept, expectedVersion: nil, at: at("2025-09-22T10:00"))
        let outbox = Outbox(database: engine.database)
        XCTAssertFalse(try outbox.due(at: at("2025-09-22T10:00")).isEmpty)
        try remove(path)
        XCTAssertThrowsError(try engine.database.file?.check())
        XCTAssertEqual(try outbox.due(at: at("2025-09-22T10:00")), [])
    }
}

/// What `whenMoved` was called with.
private final class Found: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [StoreMovedError] = []
    func add(_ e: StoreMovedError) { lock.withLock { errors.append(e) } }
    var all: [StoreMovedError] { lock.withLock { errors } }
}
