import Foundation
import GRDB
import ShenpiCalendar
import ShenpiMachine

/// The first successful answer to a request carrying an `Idempotency-Key`:
/// kept in the transaction of the command it answers, so a retry either
/// finds it (and changes nothing) or finds nothing because nothing happened.
public struct StoredResponse: Sendable, Hashable {
    /// SHA-256 of what was asked (method, path, body): the same key with
    /// another request is a client error, not a retry.
    public var requestHash: Data
    public var status: Int
    public var body: Data

    public init(requestHash: Data, status: Int, body: Data) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
    }
}

extension CaseBatch {
    /// The stored answer to `key` of user `principal`, if any.
    public func storedResponse(principal: String, key: String) throws -> StoredResponse? {
        let statement = try db.cachedStatement(sql: "SELECT request_hash, status, body FROM idempotency WHERE principal = ? AND key = ?")
        return try Row.fetchOne(statement, arguments: [principal, key]).map { StoredResponse(requestHash: $0[0], status: $0[1], body: $0[2]) }
    }

    /// Keeps the answer to `key` with the command's other writes.
    public func store(_ response: StoredResponse, principal: String, key: String, at now: Instant) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO idempotency (principal, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [principal, key, response.requestHash, response.status, response.body, now.secondsSinceEpoch])
    }

    /// Runs `body` in a savepoint of the batch: a throw undoes only its writes.
    public func isolated<T>(_ body: () throws -> T) throws -> T {
        try db.commandSavepoint(body)
    }
}

extension CaseBatch {
    /// The machine case `caseID` is pinned to; `notFound` when there is no such case.
    public func machine(ofCase caseID: String) throws -> Machine {
        let select = try DirectStatement(db, #"SELECT fingerprint FROM "case" WHERE id = ?"#)
        try select.bind(1, caseID)
        guard try select.next() else { throw CaseEngineError.notFound(caseID) }
        let fingerprint = select.text(0)
        select.reset()
        return try engine.machines.machine(fingerprint, db)
    }
}
