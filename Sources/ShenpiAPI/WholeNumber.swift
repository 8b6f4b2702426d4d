/// A whole number as the API's headers and query parameters write it:
/// ASCII digits only. `Int(_:)` would also take `+3` and `-0`, which the
/// OpenAPI file (and a strict client) do not count as versions or counts.
enum WholeNumber {
    /// `nil` for anything but 1 to 18 digits (18: never past `Int`), and for a
    /// leading zero (`005`): a number is written as the `ETag` writes it.
    static func parse(_ text: some StringProtocol) -> Int? {
        let bytes = text.utf8
        guard (1...18).contains(bytes.count), bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              bytes.count == 1 || bytes.first != UInt8(ascii: "0") else { return nil }
        return Int(text)
    }
}
