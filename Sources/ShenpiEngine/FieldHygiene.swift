import ShenpiCalendar
import ShenpiExpression
import ShenpiMachine

/// What the hosts (the API, the scenario runner) refuse in a submission
/// beyond the engine's own field checks: text that would reach a notice,
/// an SMS or a printed certificate garbled, and a resident id whose holder
/// is not born yet. Like `BlankFields`, not the engine's: stored cases are
/// replayed through the engine (`shenpi audit verify`), and one submitted
/// before these checks must replay as it was taken.
public enum FieldHygiene {
    /// The first field (in the flow's order) whose value is refused, and why.
    public static func problem(in fields: [String: FieldValue], of machine: Machine, today: CivilDate) -> (field: String, reason: String)? {
        for spec in machine.fields {
            guard let value = fields[spec.id] else { continue }
            if let reason = textProblem(value) { return (spec.id, reason) }
            if spec.type == "resident-id", case .string(let s) = value, case .success(let id) = ResidentID.validate(s), id.birthDate > today {
                return (spec.id, "birth date \(id.birthDate) in characters 7–14 is after today (\(today)): a typing error in the year?")
            }
        }
        return nil
    }

    /// A text with a control character (a line break, a tab, NUL) or an
    /// invisible formatting one (U+200B, a right-to-left override): a line
    /// break would start a forged line in the applicant's SMS, and a
    /// zero-width space passes for a name that is not there.
    static func textProblem(_ value: FieldValue) -> String? {
        switch value {
        case .string(let s):
            for (i, scalar) in s.unicodeScalars.enumerated() {
                if isControl(scalar) {
                    return "must not contain control characters such as line breaks, tabs or NUL (\(code(scalar)) at character \(i + 1))"
                }
                if isInvisible(scalar) {
                    return "must not contain invisible formatting characters (\(code(scalar)) at character \(i + 1))"
                }
            }
            return nil
        case .list(let items):
            return items.lazy.compactMap(textProblem).first
        default:
            return nil
        }
    }

    /// Free text an officer or applicant writes (a comment, a reason): lines
    /// and tabs are allowed, other controls and invisible formatting
    /// characters are not. NUL cut the text where SQLite stored it (a rating
    /// comment then failed the audit), and a right-to-left override turns the
    /// SMS it goes into around.
    public static func freeTextProblem(_ s: String) -> String? {
        for (i, scalar) in s.unicodeScalars.enumerated() {
            if isControl(scalar), scalar != "\t", scalar != "\n", scalar != "\r" {
                return "must not contain the control character \(code(scalar)) (at character \(i + 1)); of the controls only tab, line feed and carriage return are taken"
            }
            if isInvisible(scalar) {
                return "must not contain the invisible formatting character \(code(scalar)) (at character \(i + 1))"
            }
        }
        return nil
    }

    /// A format character names are not written with, a Hangul filler
    /// (U+115F, U+1160, U+3164, U+FFA0: letters by category, blank on screen,
    /// so a name of fillers passes for one that is not there), the combining
    /// grapheme joiner U+034F or the blank braille pattern U+2800 (nothing on
    /// screen either). Variation selectors stay: a rare character of a name is
    /// written with one (an ideographic variation sequence).
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        // Checked for every character of every text: no lookup for ASCII (no format character there).
        let v = s.value
        if v < 0x80 { return false }
        switch v {
        case 0x034F, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0: return true
        // Format characters names are written with: the Mongolian vowel separator
        // (traditional-script Mongolian), the zero-width non-joiner and joiner (Uyghur, Persian).
        case 0x180E, 0x200C, 0x200D: return false
        default: return s.properties.generalCategory == .format
        }
    }

    /// C0 and C1 controls, DEL, and the line and paragraph separators
    /// (token names refuse them too).
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    /// `U+` and at least four hex digits: how messages name a character.
    public static func code(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// What a submission's texts are stored as: without the white space
    /// around them (`"\u{3000}张三  "` opened the applicant's SMS with it, and
    /// `" 11010519491231002X "` was refused as 20 characters); a resident id
    /// with a lowercase check character `x` as `X`, as the card prints it;
    /// a phone number written with its country code, spaces, hyphens or
    /// brackets (`+86 138 1234 5678`, `(0571)87654321`) in the digits the
    /// flow's type takes (`PhoneNumber.normalized`). One person, one
    /// spelling in the store; a value already in its stored form is kept
    /// as it is. The hosts apply it before the command, which records it.
    public static func normalized(_ fields: [String: FieldValue], of machine: Machine) -> [String: FieldValue] {
        var out = fields
        for (key, value) in fields {
            switch value {
            case .string(let s): out[key] = .string(trimmed(s))
            case .list(let items): out[key] = .list(items.map { if case .string(let s) = $0 { .string(trimmed(s)) } else { $0 } })
            default: break
            }
        }
        for spec in machine.fields {
            guard case .string(let s)? = out[spec.id] else { continue }
            switch spec.type {
            case "resident-id":
                if s.hasSuffix("x"), case .success(let id) = ResidentID.validate(s) { out[spec.id] = .string(id.text) }
            case "phone":
                if let phone = PhoneNumber.normalized(s) { out[spec.id] = .string(phone) }
            default:
                break
            }
        }
        return out
    }

    /// `s` without leading and trailing white space (the ideographic space too).
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, BlankFields.isSpace(first) || BlankFields.isSpace(last) else { return s }
        guard let start = scalars.firstIndex(where: { !BlankFields.isSpace($0) }),
              let end = scalars.lastIndex(where: { !BlankFields.isSpace($0) }) else { return s }  // blank: refused as such
        return String(scalars[start...end])
    }
}
