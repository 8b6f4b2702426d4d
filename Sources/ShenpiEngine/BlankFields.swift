import ShenpiMachine

/// A required field submitted empty: a text of nothing but white space, or
/// an empty list — what a form left blank sends. The hosts (the API, the
/// scenario runner) refuse it before the engine sees the submission; the
/// engine itself accepted such values in earlier releases, and stored cases
/// are replayed through it (`shenpi audit verify`), so it keeps doing so.
public enum BlankFields {
    /// The reason the refusal gives, after the field's name.
    public static let reason = "a required field cannot be blank"

    /// The first required field of `machine` (in its order) that `fields` gives blank.
    public static func first(in fields: [String: FieldValue], of machine: Machine) -> String? {
        machine.fields.first { spec in spec.required && fields[spec.id].map(isBlank) == true }?.id
    }

    static func isBlank(_ value: FieldValue) -> Bool {
        switch value {
        case .string(let s): return s.unicodeScalars.allSatisfy(isSpace)
        case .list(let items): return items.isEmpty
        default: return false
        }
    }

    /// White space as the API's not-blank rule and the OpenAPI file's pattern
    /// count it: Unicode White_Space (line breaks and form feeds too) and the
    /// separators U+001C–U+001F, which Python's `\s` counts as well.
    public static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || (0x1C...0x1F).contains(s.value) }
}
