import Foundation
import GRDB
import ShenpiEngine

extension CaseBatch {
    /// Every event of case `caseID`, in order (none for an unknown case): what
    /// a host rule that looks back at the history reads (`FourEyesRule`).
    public func events(ofCase caseID: String) throws -> [CaseEvent] {
        try Data.fetchAll(db, sql: "SELECT body FROM command_log WHERE case_id = ? ORDER BY version", arguments: [caseID])
            .flatMap { try EventChain.decodeEvents($0) }
    }
}
