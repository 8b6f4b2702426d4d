import Foundation

/// Officers are told apart by name, in any letter case: `chen.land` and
/// `CHEN.LAND` are one person. The token store refuses a second active name
/// that differs only so, and the host rules (four-eyes, the 差评 follow-up)
/// compare names this way, so a token re-issued as `CHEN.LAND` after
/// `chen.land` was revoked is still the officer who decided before.
public enum OfficerName {
    /// The form two names are compared in.
    /// Full case folding (`ΝΊΚΟΣ` is `νίκος`, final sigma and all; `STRASSE` is `straße`).
    public static func folded(_ name: String) -> String { name.folding(options: [.caseInsensitive], locale: nil) }

    public static func same(_ a: String, _ b: String) -> Bool { a == b || folded(a) == folded(b) }
}
