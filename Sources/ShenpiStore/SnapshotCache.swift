import Foundation
import ShenpiEngine

/// The last snapshot of recently used cases, keyed by the head of their
/// event chain: the state is the fold of the events and the head hash
/// commits to every event, so a matching head means the cached state is
/// the stored one — even after a rolled-back transaction, whose head never
/// reached the table. Saves decoding the snapshot on every command.
///
/// Two generations make it a cheap approximate LRU: when the young one is
/// full it becomes the old one (the previous old one is dropped), and a hit
/// in the old one moves the entry back to the young one.
final class SnapshotCache: @unchecked Sendable {
    private let lock = NSLock()
    private var young: [String: (head: Data, state: CaseState)] = [:]
    private var old: [String: (head: Data, state: CaseState)] = [:]
    private let capacity: Int

    /// `capacity` per generation: at most twice as many cases are kept.
    init(capacity: Int = 8192) {
        self.capacity = capacity
    }

    func state(_ caseID: String, head: Data) -> CaseState? {
        lock.withLock {
            if let e = young[caseID] { return e.head == head ? e.state : nil }
            guard let e = old.removeValue(forKey: caseID), e.head == head else { return nil }
            insert(caseID, e)
            return e.state
        }
    }

    func remember(_ caseID: String, head: Data, state: CaseState) {
        lock.withLock { insert(caseID, (head, state)) }
    }

    private func insert(_ caseID: String, _ entry: (head: Data, state: CaseState)) {
        if young.count >= capacity, young[caseID] == nil {
            old = young
            young = [:]
            young.reserveCapacity(capacity)
        }
        old[caseID] = nil
        young[caseID] = entry
    }
}
