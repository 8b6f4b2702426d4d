import Foundation
import GRDB
import ShenpiMachine

/// Deployed machines decoded once per process: machines are immutable and
/// keyed by content, so a cached one can never be stale.
final class MachineCache: @unchecked Sendable {
    private let lock = NSLock()
    private var machines: [String: Machine] = [:]

    /// The machine with this fingerprint, from memory or the `machine` table.
    func machine(_ fingerprint: String, _ db: Database) throws -> Machine {
        if let m = lock.withLock({ machines[fingerprint] }) { return m }
        let statement = try db.cachedStatement(sql: "SELECT json FROM machine WHERE fingerprint = ?")
        guard let json = try Data.fetchOne(statement, arguments: [fingerprint]) else {
            throw CaseEngineError.machineMissing(fingerprint)
        }
        let machine: Machine
        do {
            machine = try MachineCodec.decode(json)
        } catch {
            throw CaseEngineError.badMachine(fingerprint)
        }
        lock.withLock { machines[fingerprint] = machine }
        return machine
    }

    func remember(_ machine: Machine) {
        lock.withLock { machines[machine.fingerprint] = machine }
    }
}
