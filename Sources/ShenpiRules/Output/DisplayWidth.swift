/// Terminal columns of source text, so that a snippet's `^~~~` lines up
/// under the place a diagnostic's column (counted in Unicode scalars) names.
enum DisplayWidth {
    /// One user-perceived character (grapheme cluster). An emoji cluster — a
    /// ZWJ family, a flag, a skin tone, a keycap, a symbol with U+FE0F — is
    /// drawn as one emoji two columns wide, not as the sum of its parts; any
    /// other cluster is its base plus marks of width 0 (`é` as `e` + U+0301).
    static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        if scalars.contains(where: \.properties.isEmojiPresentation)
            || (scalars.contains("\u{FE0F}") && scalars.first?.properties.isEmoji == true)
        {
            return 2
        }
        return scalars.reduce(0) { $0 + of($1) }
    }

    /// One scalar: 0 for combining marks, format characters (ZWJ, U+200B) and
    /// variation selectors, 2 for wide East Asian characters and emoji, 4 for
    /// a tab (the snippet shows it as four spaces), else 1.
    static func of(_ s: Unicode.Scalar) -> Int {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch s.value {
        case 0x09: return 4
        // Hangul jamo vowels and finals join the initial before them.
        case 0x1160...0x11FF, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return s.properties.isEmojiPresentation ? 2 : 1
        }
    }

    /// Columns before the scalar at `start` and columns of the scalars
    /// `start..<end` of `line`, a character that straddles `start` counted
    /// in the span.
    static func columns(_ line: String, start: Int, end: Int) -> (lead: Int, span: Int) {
        var lead = 0
        var span = 0
        var offset = 0
        for c in line {
            let count = c.unicodeScalars.count
            if offset + count <= start {
                lead += of(c)
            } else if offset < end {
                span += of(c)
            } else {
                break
            }
            offset += count
        }
        return (lead, span)
    }
}
