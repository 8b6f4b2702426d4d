import ShenpiCalendar

/// Why a text is not a valid resident identity number.
public struct ResidentIDError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A PRC resident identity number (GB 11643-1999): a 6-digit region code, an
/// 8-digit birth date, a 3-digit sequence number whose parity gives the sex,
/// and an ISO 7064 MOD 11-2 check character.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    public enum Sex: String, Hashable, Sendable {
        case male
        case female
    }

    /// The 18 characters, with a lowercase `x` made uppercase.
    public let text: String
    public let birthDate: CivilDate
    public let sex: Sex

    /// The administrative region code, characters 1–6.
    public var regionCode: String { String(text.prefix(6)) }

    public var description: String { text }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    public init?(_ text: String) {
        guard case .success(let id) = ResidentID.validate(text) else { return nil }
        self = id
    }

    private init(text: String, birthDate: CivilDate, sex: Sex) {
        self.text = text
        self.birthDate = birthDate
        self.sex = sex
    }

    /// The check character for the first 17 digits (each 0…9).
    public static func checkCharacter(for digits: [Int]) -> Character {
        var sum = 0
        for (d, w) in zip(digits, weights) { sum += d * w }
        return checkCharacters[sum % 11]
    }

    public static func validate(_ text: String) -> Result<ResidentID, ResidentIDError> {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 18 else {
            return .failure(ResidentIDError("a resident id has 18 characters, found \(scalars.count)"))
        }
        var digits: [Int] = []
        for (i, c) in scalars.prefix(17).enumerated() {
            guard ("0"..."9").contains(c) else {
                return .failure(ResidentIDError("character \(i + 1) should be a digit, found '\(Lexer.display(c))'"))
            }
            digits.append(Int(c.value) - 48)
        }
        let last = scalars[17]
        guard ("0"..."9").contains(last) || last == "X" || last == "x" else {
            return .failure(ResidentIDError("the last character should be a digit or 'X', found '\(Lexer.display(last))'"))
        }
        let number = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + $1 } }
        let dateText = digits[6..<14].map(String.init).joined()
        guard let birthDate = CivilDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) else {
            return .failure(ResidentIDError("birth date \"\(dateText)\" in characters 7–14 is not a valid date"))
        }
        let expected = checkCharacter(for: digits)
        let found = Character(last == "x" ? "X" : last)
        guard found == expected else {
            return .failure(ResidentIDError("check digit should be '\(expected)', found '\(Character(last))'"))
        }
        let normalized = digits.map(String.init).joined() + String(found)
        return .success(ResidentID(text: normalized, birthDate: birthDate, sex: digits[16] % 2 == 1 ? .male : .female))
    }

    /// Age in whole years on `date`: it goes up on the birthday (for 29 February,
    /// on 1 March in common years). Negative when `date` is before the birth date.
    public func age(on date: CivilDate) -> Int {
        var years = date.year - birthDate.year
        if (date.month, date.day) < (birthDate.month, birthDate.day) { years -= 1 }
        return years
    }
}
