import Crypto
import Foundation
import ShenpiEngine

/// The canonical bytes of stored values and the hash chain over a case's
/// log: one link per accepted command, `hash = SHA-256(prev hash ‖ body)`
/// where `body` is the canonical array of the command's events, the first
/// `prev` being 32 zero bytes. Editing, removing or reordering an event
/// breaks its command's link and every later one.
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

    /// The events of one `command_log` body.
    static func decodeEvents(_ body: Data) throws -> [CaseEvent] {
        try JSONDecoder().decode([CaseEvent].self, from: body)
    }

    /// A snapshot: the canonical bytes on the fast path, `JSONDecoder` for anything else.
    static func decodeState(_ body: Data) throws -> CaseState {
        if let state = CanonicalReader.state(body) { return state }
        return try JSONDecoder().decode(CaseState.self, from: body)
    }

    /// The stored snapshot of case `id`; `damagedSnapshot` naming the case
    /// when it does not decode, so a listing's failure says which row to look at.
    static func snapshot(of id: String, _ body: Data) throws(CaseEngineError) -> CaseState {
        do {
            return try decodeState(body)
        } catch {
            throw .damagedSnapshot(id)
        }
    }
}

extension Data {
    /// Lower-case hex, for messages and the API.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
