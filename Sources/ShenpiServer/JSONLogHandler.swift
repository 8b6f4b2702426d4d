import Foundation
import Logging

/// One JSON object per line on standard error: `ts`, `level`, `label`,
/// `msg` and the metadata, for log shippers. Callers mask identity numbers
/// before they log (`Masking`); request bodies are never logged.
struct JSONLogHandler: LogHandler {
    var label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.render(label: label, level: event.level, message: "\(event.message)",
                               metadata: metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, b in b }), at: Date())
        line.append(UInt8(ascii: "\n"))
        Self.lock.withLock { FileHandle.standardError.write(line) }
    }

    /// One event as a JSON object (keys sorted). Numbers logged as numbers
    /// (`status`, `ms`, counts) stay numbers, so a log shipper can sum and
    /// compare them; lists and nested metadata stay arrays and objects.
    static func render(label: String, level: Logger.Level, message: String, metadata: Logger.Metadata, at date: Date) -> Data {
        var object: [String: Any] = metadata.mapValues(json)
        object["ts"] = date.formatted(.iso8601)
        object["level"] = level.rawValue
        object["label"] = label
        object["msg"] = message
        // Only strings, numbers, arrays and objects go in: serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    private static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c):
            switch c {
            case let n as Int: return n
            case let n as Double where n.isFinite: return n
            case let b as Bool: return b
            default: return c.description
            }
        case .array(let a): return a.map(json)
        case .dictionary(let d): return d.mapValues(json)
        }
    }
}

/// How the daemon writes its log.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    /// Installs the process-wide handler (once per process).
    public func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = self == .json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
