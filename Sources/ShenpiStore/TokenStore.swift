import Crypto
import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine

/// What an API user may do beyond acting on steps of their roles.
public enum Scope: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Manage tokens; read everything.
    case admin
    /// Act for applicants: submit, supplement, withdraw, rate (the window and the online hall).
    case intake
    /// Read every case, listing and the supervision report (督查).
    case supervise

    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }
}

/// An API user: one bearer token, a department and the registry roles they hold there.
public struct Principal: Sendable, Hashable {
    public var id: String
    /// Recorded as the actor of everything this user does.
    public var name: String
    public var department: String?
    public var roles: [String]
    public var scopes: [Scope]
    public var createdAt: Instant
    public var revokedAt: Instant?

    public func has(_ scope: Scope) -> Bool { scopes.contains(scope) }
}

/// Bearer tokens, stored only as SHA-256 hashes: the secret is shown once,
/// when it is created, and never again.
public struct TokenStore: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Why `name` cannot name a user, or nil. A name is written into every
    /// event its user records and into `token list`'s tab-separated lines,
    /// and four-eyes tells officers apart by it: no control characters or
    /// line breaks, not only spaces, no spaces at either end and no
    /// invisible characters (`chen` and `chen ` or `chen\u{200B}`
    /// would be two people who look like one), in NFKC form (nor `ｃｈｅｎ`),
    /// no Latin letters beside Cyrillic, Greek or other look-alike ones (nor `chen.lаnd`),
    /// and not the names the
    /// history gives the daemon's own actions and the applicant's.
    public static func nameProblem(_ name: String) -> String? {
        if name.unicodeScalars.contains(where: FieldHygiene.isControl) { return "must not contain control characters (tabs, line breaks)" }
        if !name.unicodeScalars.contains(where: { !BlankFields.isSpace($0) }) { return "must not be empty" }
        if name.unicodeScalars.count > 100 { return "longer than 100 characters" }
        if let hidden = name.unicodeScalars.first(where: isInvisible) {
            return "must not contain invisible characters (\(FieldHygiene.code(hidden)))"
        }
        if let mixed = mixedScript(name) {
            return "mixes Latin letters with \(mixed.script) ones (\(FieldHygiene.code(mixed.scalar))): it would look like another name"
        }
        if let first = name.unicodeScalars.first, let last = name.unicodeScalars.last, BlankFields.isSpace(first) || BlankFields.isSpace(last) {
            return "must not begin or end with white space"
        }
        let normal = name.precomposedStringWithCompatibilityMapping
        if !name.unicodeScalars.elementsEqual(normal.unicodeScalars) {
            return "must be written in Unicode's normal form (NFKC), \"\(normal)\": full-width letters, ligatures and decomposed accents would make a second name that looks like the first"
        }
        let ascii = String(name.unicodeScalars.map { ("A"..."Z").contains($0) ? Character(Unicode.Scalar(UInt8($0.value + 32))) : Character($0) })
        if reservedNames.contains(ascii) { return "\"\(ascii)\" is reserved: the case history uses it for actions no officer took" }
        return nil
    }

    /// Nothing on screen: format characters (U+200B, U+202E), default-ignorable
    /// ones (the combining grapheme joiner U+034F, variation selectors, Hangul
    /// fillers) and the blank braille pattern U+2800.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x80 && (s.properties.generalCategory == .format || s.properties.isDefaultIgnorableCodePoint || s.value == 0x2800)
    }

    /// The first letter of a script with Latin look-alikes (Cyrillic, Greek,
    /// Armenian, Cherokee, Coptic, Lisu) in a name that also has Latin
    /// letters: `chen.lаnd` with a Cyrillic а reads as `chen.land`. So
    /// `Ivan Иванов` is refused too: a user is named in one of the two.
    public static func mixedScript(_ name: String) -> (script: String, scalar: Unicode.Scalar)? {
        func isLatin(_ v: UInt32) -> Bool {
            (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || (0xC0...0x2AF).contains(v) && v != 0xD7 && v != 0xF7
                || (0x1E00...0x1EFF).contains(v)
        }
        guard name.unicodeScalars.contains(where: { isLatin($0.value) }) else { return nil }
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return ("Cyrillic", scalar)
            case 0x370...0x3FF, 0x1F00...0x1FFF: return ("Greek", scalar)
            case 0x530...0x58F: return ("Armenian", scalar)
            case 0x13A0...0x13FF, 0xAB70...0xABBF: return ("Cherokee", scalar)
            case 0x2C80...0x2CFF: return ("Coptic", scalar)
            case 0xA4D0...0xA4FF: return ("Lisu", scalar)
            default: continue
            }
        }
        return nil
    }

    /// The actors the engine records for timers and for the applicant.
    static let reservedNames: Set<String> = ["system", "applicant"]


    /// Creates a user and returns it with its secret token.
    public func create(name: String, department: String?, roles: [String], scopes: [Scope], at now: Instant) throws -> (Principal, token: String) {
        if let problem = Self.nameProblem(name) { throw TokenError.badName(problem) }
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let secret = "shp_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = Self.id(ofSecret: secret)
        let principal = Principal(id: id, name: name, department: department, roles: Array(Set(roles)).sorted(),
                                  scopes: Array(Set(scopes)).sorted(), createdAt: now, revokedAt: nil)
        try database.writer.write { db in
            // `LI.NA` beside an active `li.na` would read as one officer in a
            // case's history, where four-eyes tells them apart by name.
            if let taken = try String.fetchAll(db, sql: "SELECT name FROM token WHERE revoked_at IS NULL").first(where: { OfficerName.same($0, name) }) {
                throw TokenError.nameTaken(taken)
            }
            try db.execute(
                sql: "INSERT INTO token (id, name, hash, department, roles, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, name, Self.hash(secret), department, Self.list(principal.roles),
                            Self.list(principal.scopes.map(\.rawValue)), now.secondsSinceEpoch])
        }
        return (principal, secret)
    }

    /// The active user holding this secret, if any.
    public func authenticate(_ secret: String) throws -> Principal? {
        try database.writer.read { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Self.columns) FROM token WHERE hash = ? AND revoked_at IS NULL")
            return try Row.fetchOne(statement, arguments: [Self.hash(secret)]).map(Self.principal)
        }
    }

    /// Every user, revoked ones included, oldest first.
    public func all() throws -> [Principal] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM token ORDER BY created_at, id").map(Self.principal)
        }
    }

    /// Whether any token is still active (the daemon makes an administrator when none is).
    public func hasActiveTokens() throws -> Bool {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM token WHERE revoked_at IS NULL LIMIT 1") != nil }
    }

    /// Revokes a token by id; `false` when there is no such active token.
    public func revoke(id: String, at now: Instant) throws -> Bool {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now.secondsSinceEpoch, id])
            return db.changesCount == 1
        }
    }

    static let columns = "id, name, department, roles, scopes, created_at, revoked_at"

    static func principal(_ row: Row) -> Principal {
        Principal(id: row[0], name: row[1], department: row[2], roles: parse(row[3]),
                  scopes: parse(row[4]).compactMap(Scope.init(rawValue:)),
                  createdAt: Instant(secondsSinceEpoch: row[5]), revokedAt: (row[6] as Int?).map(Instant.init(secondsSinceEpoch:)))
    }

    static func hash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    /// A token's id, drawn from its secret: `t` and the first 6 bytes of its hash in hex.
    public static func id(ofSecret secret: String) -> String {
        "t" + hash(secret).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// Secrets start with this, ids never do.
    public static let secretPrefix = "shp_"

    static func list(_ items: [String]) -> String {
        (try? JSONEncoder().encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func parse(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}

public enum TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    case nameTaken(String)
    case badName(String)

    public var description: String {
        switch self {
        case .nameTaken(let n): return "an active token named \(n) exists already (names that differ only in letter case read as one officer)"
        case .badName(let problem): return "bad name: " + problem
        }
    }
}
