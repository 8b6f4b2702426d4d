import Crypto
import Foundation
import ShenpiEngine

/// The canonical bytes of stored values and the hash chain over a case's
/// events: `hash = SHA-256(prev hash ‖ canonical event)`, the first `prev`
/// being 32 zero bytes. Editing, removing or reordering an event breaks
/// every later link.
public enum EventChain {
    /// The `prev` of a case's first event.
    public static let genesis = Data(count: 32)

    /// Sorted keys, no whitespace, `/` unescaped: the same value always
    /// gives the same bytes.
    public static func canonical<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// The link after `prev` for an event's canonical bytes.
    public static func link(_ prev: Data, _ body: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: prev)
        hasher.update(data: body)
        return Data(hasher.finalize())
    }

    static func decodeEvent(_ body: Data) throws -> CaseEvent {
        try JSONDecoder().decode(CaseEvent.self, from: body)
    }

    static func decodeState(_ body: Data) throws -> CaseState {
        try JSONDecoder().decode(CaseState.self, from: body)
    }
}

extension Data {
    /// Lower-case hex, for messages and the API.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
