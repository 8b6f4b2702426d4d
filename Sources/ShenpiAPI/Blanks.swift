/// Spaces and tabs trimmed without Foundation: `trimmingCharacters(in:)`
/// bridges through `NSString` and cost a few microseconds per header and
/// body string on every action.
extension StringProtocol {
    /// Without leading and trailing blanks: tab and the Unicode space
    /// separators (`CharacterSet.whitespaces`).
    func trimmingBlanks() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isBlank($0) }) else { return Substring() }
        let last = scalars.lastIndex(where: { !Self.isBlank($0) })!
        return Substring(self[first...last])
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || s == "\t" }
        return s.properties.generalCategory == .spaceSeparator
    }
}
