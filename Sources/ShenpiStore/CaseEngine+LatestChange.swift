import GRDB
import ShenpiCalendar

extension CaseEngine {
    /// The latest change of any case (`nil` on an empty store): a daemon whose
    /// clock is behind it refuses every command on the cases changed since
    /// (`timeWentBackwards`), so it says so when it starts.
    public func latestChange() throws -> Instant? {
        try database.writer.read { db in
            try Int.fetchOne(db, sql: #"SELECT MAX(updated_at) FROM "case""#).map(Instant.init(secondsSinceEpoch:))
        }
    }
}
