import ShenpiSyntax

/// What running one scenario file gave.
public struct ScenarioResult: Sendable, Hashable {
    /// The scenario's name, or its file when it could not be read.
    public var name: String
    public var file: String
    /// Why it failed (`file:line: …`, possibly over several lines); empty when it passed.
    public var failures: [String]

    public var passed: Bool { failures.isEmpty }

    public init(name: String, file: String, failures: [String]) {
        self.name = name
        self.file = file
        self.failures = failures
    }
}

/// The results of a run, and their text form.
public struct ScenarioReport: Sendable, Hashable {
    public var results: [ScenarioResult]

    public init(results: [ScenarioResult]) {
        self.results = results
    }

    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.count - passedCount }

    /// `PASS name` / `FAIL name` per scenario, a failure's reasons indented
    /// below it, then `N passed, M failed` alone on the last line.
    public var text: String {
        var out = ""
        for r in results {
            out += (r.passed ? "PASS " : "FAIL ") + r.name + "\n"
            for f in r.failures {
                for line in f.split(separator: "\n", omittingEmptySubsequences: false) { out += "  " + line + "\n" }
            }
        }
        return out + "\(passedCount) passed, \(failedCount) failed\n"
    }
}

/// Diagnostics as an error, for `Result`.
public struct ScenarioProblems: Error, Sendable, Hashable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// A message as an error, for `Result`.
public struct Reason: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
