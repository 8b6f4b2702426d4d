import Foundation

/// Finds the YAML files a lint run covers.
enum FileWalker {
    static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// A file as given (whatever its extension), or every `*.yaml`/`*.yml` below a folder, sorted.
    /// `shown` is the path as the user wrote it, for messages.
    static func yamlFiles(at path: String, shownAs shown: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LintUsageError(description: "no such file or folder: \(shown)")
        }
        guard isDir.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw LintUsageError(description: "cannot read folder: \(shown)")
        }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if isYAML(rel) { out.append((path as NSString).appendingPathComponent(rel)) }
        }
        return out.sorted()
    }
}

/// `concurrentPerform` over an array, results in input order.
enum ParallelMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<U?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            out[i] = transform(items[i])
        }
        return results.map { $0! }
    }
}
