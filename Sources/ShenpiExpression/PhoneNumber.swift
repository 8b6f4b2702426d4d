/// Mainland China phone numbers.
public enum PhoneNumber {
    /// A mobile number `1[3-9]\d{9}`, or a landline `0\d{2,3}-?\d{7,8}` with an
    /// optional extension `-\d+`. ASCII digits only; no spaces or `+86`.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return false }
        let isArea = { (p: [UInt8]) in p.first == 0x30 && (3...4).contains(p.count) }
        let isLocal = { (p: [UInt8]) in (7...8).contains(p.count) }
        // Area code and local number written together: 0 + 2–3 + 7–8 digits.
        let isJoined = { (p: [UInt8]) in p.first == 0x30 && (10...12).contains(p.count) }
        switch parts.count {
        case 1:
            let p = parts[0]
            let isMobile = p.count == 11 && p[0] == 0x31 && p[1] >= 0x33
            return isMobile || isJoined(p)
        case 2:
            return (isArea(parts[0]) && isLocal(parts[1])) || isJoined(parts[0])
        case 3:
            return isArea(parts[0]) && isLocal(parts[1])
        default:
            return false
        }
    }
}
