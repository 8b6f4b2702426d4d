import Foundation
import GRDB
import ShenpiCalendar

/// A notification waiting in the outbox (or its delivery record).
public struct OutboxMessage: Sendable, Hashable {
    /// The outbox row.
    public var id: Int64
    public var caseID: String
    /// `applicant` or `role:<id>`.
    public var recipient: String
    public var text: String
    public var createdAt: Instant
    public var attempts: Int
    public var deliveredAt: Instant?
    public var failedAt: Instant?
    public var lastError: String?
    /// What senders pass as the delivery id, stable across retries: drawn
    /// from the hash of the command that wrote the message, so unique across
    /// stores restored from one backup (`shenpi-<rowid>` for rows written
    /// before `v8-delivery-ids`).
    public var deliveryID: String

    public init(id: Int64, caseID: String, recipient: String, text: String, createdAt: Instant, attempts: Int,
                deliveredAt: Instant?, failedAt: Instant?, lastError: String?, deliveryID: String? = nil) {
        self.deliveryID = deliveryID ?? "shenpi-\(id)"
        self.id = id
        self.caseID = caseID
        self.recipient = recipient
        self.text = text
        self.createdAt = createdAt
        self.attempts = attempts
        self.deliveredAt = deliveredAt
        self.failedAt = failedAt
        self.lastError = lastError
    }

    public var status: String {
        deliveredAt != nil ? "delivered" : failedAt != nil ? "failed" : attempts > 0 ? "retrying" : "pending"
    }
}

/// The notification outbox written by commands and drained by a sender:
/// at-least-once delivery, retries with exponential backoff (2 s doubling up
/// to 10 minutes: 20 attempts span about two hours), and a visible failure
/// after `maxAttempts`.
public struct Outbox: Sendable {
    public let database: AppDatabase
    public var maxAttempts: Int
    /// The first retry waits this long; each further one twice as long, up to `maxBackoff`.
    public var baseBackoff: Int
    public var maxBackoff: Int

    public init(database: AppDatabase, maxAttempts: Int = 20, baseBackoff: Int = 2, maxBackoff: Int = 600) {
        self.database = database
        self.maxAttempts = maxAttempts
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    static let columns = "id, case_id, recipient, text, created_at, attempts, delivered_at, failed_at, last_error, delivery_id"

    /// Messages due for an attempt at `now`, oldest first.
    /// None while the store is moved (`StoreFile`): a delivery could not be
    /// recorded, so the same messages would be sent again every pass.
    public func due(at now: Instant, limit: Int = 64) throws -> [OutboxMessage] {
        guard database.file?.moved == nil else { return [] }
        return try database.writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(Self.columns) FROM outbox
                WHERE delivered_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY id LIMIT ?
                """)
            return try Row.fetchAll(statement, arguments: [now.secondsSinceEpoch, limit]).map(Self.message)
        }
    }

    /// When the next waiting message is due (`nil`: none waits).
    public func nextAttempt() throws -> Instant? {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT MIN(COALESCE(next_attempt_at, created_at)) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL
                """).map(Instant.init(secondsSinceEpoch:))
        }
    }

    /// Records a pass of the sender in one transaction: the delivered
    /// messages, and the failed attempts with their errors. Returns the
    /// failed ones given up with this attempt (their last).
    @discardableResult
    public func record(delivered: [Int64], failed: [Int64: String], at now: Instant) throws -> Set<Int64> {
        try database.writer.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
            for id in delivered { try statement.execute(arguments: [now.secondsSinceEpoch, id]) }
            var givenUp: Set<Int64> = []
            for (id, error) in failed.sorted(by: { $0.key < $1.key }) where try markFailed(db, id, error: error, at: now) { givenUp.insert(id) }
            return givenUp
        }
    }

    /// Records a failed attempt: retried later, or given up after `maxAttempts` (then `true`).
    private func markFailed(_ db: Database, _ id: Int64, error: String, at now: Instant) throws -> Bool {
        let attempts = (try Int.fetchOne(db, sql: "SELECT attempts FROM outbox WHERE id = ?", arguments: [id]) ?? 0) + 1
        let wait = min(maxBackoff, baseBackoff << min(attempts - 1, 20))
        let failed: Int? = attempts >= maxAttempts ? now.secondsSinceEpoch : nil
        try db.execute(
            sql: "UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?",
            arguments: [attempts, String(error.prefix(500)), now.secondsSinceEpoch + wait, failed, id])
        return failed != nil
    }

    /// Every notification of a case with its delivery state, oldest first.
    public func messages(caseID: String) throws -> [OutboxMessage] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM outbox WHERE case_id = ? ORDER BY id", arguments: [caseID]).map(Self.message)
        }
    }

    static func message(_ row: Row) -> OutboxMessage {
        OutboxMessage(id: row[0], caseID: row[1], recipient: row[2], text: row[3], createdAt: Instant(secondsSinceEpoch: row[4]),
                      attempts: row[5], deliveredAt: (row[6] as Int?).map(Instant.init(secondsSinceEpoch:)),
                      failedAt: (row[7] as Int?).map(Instant.init(secondsSinceEpoch:)), lastError: row[8], deliveryID: row[9])
    }
}
