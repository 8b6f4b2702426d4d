import Dispatch

/// Runs synchronous store work (GRDB's blocking calls) off the cooperative
/// thread pool, which has only as many threads as cores.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}
