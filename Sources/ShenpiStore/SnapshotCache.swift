import Foundation
import ShenpiEngine

/// The last snapshot of recently used cases, keyed by the head of their
/// event chain: the state is the fold of the events and the head hash
/// commits to every event, so a matching head means the cached state is
/// the stored one — even after a rolled-back transaction, whose head never
/// reached the table. Saves decoding the snapshot on every command.
final class SnapshotCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (head: Data, state: CaseState)] = [:]
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func state(_ caseID: String, head: Data) -> CaseState? {
        lock.withLock {
            guard let e = entries[caseID], e.head == head else { return nil }
            return e.state
        }
    }

    func remember(_ caseID: String, head: Data, state: CaseState) {
        lock.withLock {
            // Crude but bounded: start over when full.
            if entries.count >= capacity, entries[caseID] == nil { entries.removeAll(keepingCapacity: true) }
            entries[caseID] = (head, state)
        }
    }
}
