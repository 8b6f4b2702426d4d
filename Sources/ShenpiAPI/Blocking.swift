import Dispatch

/// Runs synchronous store work (GRDB's blocking calls) on Dispatch's global
/// queue. On Linux that is the queue Swift's concurrency runs on too, as
/// wide as the cores: short work only (a batch of the outbox, the timer loop).
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Runs a read that can take seconds (the supervision report, a listing of
/// every case) on a thread of its own: a serial queue runs on Dispatch's
/// overcommitting threads, not on the pool that serves every request. Two
/// reports of six seconds on the pool held both threads of a 2-core machine,
/// and a health check waited 3.5 s.
public func longRead<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue(label: "shenpi.long-read").async {
            continuation.resume(with: Result { try body() })
        }
    }
}
