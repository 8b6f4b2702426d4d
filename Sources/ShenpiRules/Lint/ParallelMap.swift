import Foundation

/// `concurrentPerform` over an array, results in input order.
enum ParallelMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<U?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // The buffer holds a copy of every result: deallocating alone leaked them
            // all (whole decoded files) on every lint, found by fuzz/lint/run.
            _ = results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            out[i] = transform(items[i])
        }
        return results.map { $0! }
    }
}
