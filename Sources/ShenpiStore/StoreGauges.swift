import GRDB

/// Counts the daemon exports as gauges.
public struct StoreGauges: Sendable, Hashable {
    public var timersPending = 0
    public var outboxPending = 0
    public var outboxFailed = 0
    public var activeCases = 0
}

extension AppDatabase {
    public func gauges() throws -> StoreGauges {
        try writer.read { db in
            var g = StoreGauges()
            // From the partial index on the timer columns, not the whole table.
            g.timersPending = try Int.fetchOne(db, sql: #"SELECT COALESCE(SUM(timers), 0) FROM "case" WHERE next_timer_at IS NOT NULL"#) ?? 0
            g.outboxPending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL") ?? 0
            g.outboxFailed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL") ?? 0
            g.activeCases = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "case" WHERE status = 'active'"#) ?? 0
            return g
        }
    }
}
