import Foundation
import Metrics
import ShenpiStore

/// Runs the writes of concurrent requests in shared transactions (group
/// commit): while one transaction commits, newly arrived requests queue up
/// and go together into the next. Each request's work runs in its own
/// savepoint, so a refusal undoes only its writes; nobody is answered before
/// the transaction holding their writes has committed.
///
/// The loop runs on a thread of its own: on the cooperative pool (as many
/// threads as cores, busy parsing and rendering requests) the next batch
/// would wait for a free thread while the database sat idle.
final class GroupCommitter: @unchecked Sendable {
    typealias Work = @Sendable (CaseBatch) throws -> Committed

    private struct Job {
        var work: Work
        var continuation: CheckedContinuation<Committed, any Error>
    }

    private let engine: CaseEngine
    private let maxBatch: Int
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopped = false
    private let commits = Counter(label: "shenpi_group_commits_total")
    private let commands = Counter(label: "shenpi_group_commit_commands_total")

    init(engine: CaseEngine, maxBatch: Int = 64) {
        self.engine = engine
        self.maxBatch = maxBatch
        let thread = Thread { [self] in loop() }
        thread.name = "shenpi-commit"
        thread.start()
    }

    /// Runs `work` in the next group transaction and returns its answer once committed.
    func run(_ work: @escaping Work) async throws -> Committed {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if stopped {
                condition.unlock()
                continuation.resume(throwing: CancellationError())
                return
            }
            queue.append(Job(work: work, continuation: continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Ends the loop once the queue is empty (the API is going away).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let jobs = Array(queue.prefix(maxBatch))
            queue.removeFirst(jobs.count)
            condition.unlock()
            do {
                let results = try engine.batch { batch in
                    jobs.map { job in Result { try batch.isolated { try job.work(batch) } } }
                }
                for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
                // Their ratio is the mean batch: how many fsyncs the load shares.
                commits.increment()
                commands.increment(by: jobs.count)
            } catch {
                // The commit itself failed: nobody's writes are durable, everybody hears so.
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
    }
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
