import ShenpiStore

/// Runs the writes of concurrent requests in shared transactions (group
/// commit): while one transaction commits, newly arrived requests queue up
/// and go together into the next. Each request's work runs in its own
/// savepoint, so a refusal undoes only its writes; nobody is answered before
/// the transaction holding their writes has committed.
actor GroupCommitter {
    typealias Work = @Sendable (CaseBatch) throws -> Committed

    private struct Job {
        var work: Work
        var continuation: CheckedContinuation<Committed, any Error>
    }

    private let engine: CaseEngine
    private let maxBatch: Int
    private var queue: [Job] = []
    private var draining = false

    init(engine: CaseEngine, maxBatch: Int = 64) {
        self.engine = engine
        self.maxBatch = maxBatch
    }

    /// Runs `work` in the next group transaction and returns its answer once committed.
    func run(_ work: @escaping Work) async throws -> Committed {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(work: work, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let jobs = Array(queue.prefix(maxBatch))
            queue.removeFirst(jobs.count)
            let works = jobs.map(\.work)
            do {
                let results = try await engine.batch { batch in
                    works.map { work in
                        Outcome(result: Result { try batch.isolated { try work(batch) } })
                    }
                }
                for (job, outcome) in zip(jobs, results) { job.continuation.resume(with: outcome.result) }
            } catch {
                // The commit itself failed: nobody's writes are durable, everybody hears so.
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}

/// A job's result carried out of the transaction closure.
private struct Outcome: @unchecked Sendable {
    var result: Result<Committed, any Error>
}

/// What a job's transaction produced: an answer, or how to render it once
/// committed — rendering JSON outside the transaction keeps the single
/// writer free for the next batch.
enum Committed: Sendable {
    case ready(APIResponse)
    case render(@Sendable () -> APIResponse)

    var response: APIResponse {
        switch self {
        case .ready(let r): return r
        case .render(let body): return body()
        }
    }
}
