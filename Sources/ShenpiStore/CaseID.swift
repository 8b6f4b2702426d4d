/// The case ids the daemon takes (the API's `id` and a scenario's `case:`):
/// 1–64 of `A–Z a–z 0–9 - _ .`, and not only dots — as a path segment, a
/// client that normalises URLs (RFC 3986) would read `/v1/cases/..` as `/v1/`.
public enum CaseID {
    /// What the refusal says.
    public static let rule = "a case id is 1–64 of A–Z a–z 0–9 - _ . and not only dots"

    public static func isValid(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), id.utf8.contains(where: { $0 != UInt8(ascii: ".") }) else { return false }
        return id.utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
        }
    }
}
