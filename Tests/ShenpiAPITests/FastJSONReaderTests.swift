import Foundation
@testable import ShenpiAPI
import ShenpiCalendar
import XCTest

/// The fast body reader reads what `JSONDecoder` reads, or gives up; it
/// never reads a body differently.
final class FastJSONReaderTests: XCTestCase {
    func decoded(_ data: Data) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: data) }

    func testItAgreesWithJSONDecoderOrGivesUp() {
        let fast = [
            #"{"type":"decide","step":"accept","decision":"accept"}"#,
            #" { "a" : [ 1 , -2 , 0 , true , false , null , "x" ] , "b" : { } , "c" : [ ] } "#,
            #"{"s":"\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00 中文"}"#,
            #"{"n":123456789012345678,"m":-123456789012345678}"#,
            #"{"nested":{"deeper":{"list":[[[]]]}}}"#,
            "{\"tab\":\t1}\n",
        ]
        for text in fast {
            let data = Data(text.utf8)
            let value = FastJSONReader.value(data, maxDepth: 32)
            XCTAssertNotNil(value, text)
            XCTAssertEqual(value, decoded(data), text)
        }
        let slow = [
            #"{"x":1e400}"#, #"{"x":1e1234567}"#, #"{"x":1.}"#, #"{"x":.5}"#, #"{"x":1e}"#, #"{"x":1e+}"#, #"{"x":+1}"#,
            #"{"a":1,"a":2}"#, #"{"x":01}"#,
            #"{"x":"\u12"}"#, #"{"x":"\ud83d"}"#, #"{"x":"\q"}"#, "{\"x\":\"a\u{1}\"}", #"{"x":1,}"#, #"{"x":[1,]}"#,
            #"{"x":1} x"#, #"{"x"1}"#, #"{x:1}"#, #"{"x":tru}"#, #"{"x":-}"#, "", "{", #"{"x":"#, #"{"x":"\u001"}"#,
            "{\"x\":\"\\u\u{10}\u{10}\u{10}\u{10}\"}",
        ]
        for text in slow {
            XCTAssertNil(FastJSONReader.value(Data(text.utf8), maxDepth: 32), text)
        }
        // Invalid UTF-8 is for JSONDecoder to refuse, not for the reader to repair.
        XCTAssertNil(FastJSONReader.value(Data([0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), maxDepth: 32))
        let deep = String(repeating: "[", count: 5) + String(repeating: "]", count: 5)
        XCTAssertNil(FastJSONReader.value(Data(deep.utf8), maxDepth: 4))
        XCTAssertNotNil(FastJSONReader.value(Data(deep.utf8), maxDepth: 5))
    }

    /// A number is whole by its decimal text, not by the Double nearest it:
    /// JSONDecoder reads 4.99999999999999999 as the integer 5.
    func testNumbersAreReadByTheirDecimalText() {
        let cases: [(String, JSONValue)] = [
            ("5", .int(5)), ("-7", .int(-7)), ("-0", .int(0)), ("5.0", .int(5)), ("5.000e0", .int(5)), ("5e0", .int(5)),
            ("0.0", .int(0)), ("-0.0e-3", .int(0)), ("1e3", .int(1000)), ("12.5e1", .int(125)), ("1200e-2", .int(12)),
            ("1234567890123456789", .int(1_234_567_890_123_456_789)), ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
            ("1e18", .int(1_000_000_000_000_000_000)), ("-1e18", .int(-1_000_000_000_000_000_000)),
            ("4.99999999999999999", .double(5)), ("64.999999999999999999", .double(65)), ("1.5", .double(1.5)),
            ("1e-3", .double(0.001)), ("125e-1", .double(12.5)), ("1e-400", .double(0)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("99999999999999999999", .double(1e20)),
            ("1e19", .double(1e19)), ("5e0000000", .int(5)), ("4.99999999999999999e0000000", .double(5)),
            ("1e-0000001", .double(0.1)), ("1e-9999999", .double(0)), ("-123456789012345678901234567890", .double(-1.2345678901234568e29)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(FastJSONReader.value(Data(#"{"x":\#(text)}"#.utf8), maxDepth: 4), .object(["x": expected]), text)
        }
        // Everywhere else JSONDecoder reads them alike.
        for (text, expected) in cases where !["4.99999999999999999", "64.999999999999999999", "1e-400", "4.99999999999999999e0000000", "1e-9999999"].contains(text) {
            XCTAssertEqual(decoded(Data(#"{"x":\#(text)}"#.utf8)), .object(["x": expected]), text)
        }
        XCTAssertEqual(decoded(Data(#"{"x":4.99999999999999999}"#.utf8)), .object(["x": .int(5)]), "the decoder's rounding this reader avoids")
        // A byte-order mark does not send the body the decoder's way.
        XCTAssertEqual(FastJSONReader.value(Data([0xEF, 0xBB, 0xBF] + Array(#"{"x":4.99999999999999999}"#.utf8)), maxDepth: 4),
                       .object(["x": .double(5)]))
    }

    /// Random documents: whenever the reader answers, it is JSONDecoder's answer.
    func testRandomDocumentsAgreeWithJSONDecoder() {
        var rng = SplitMix64(seed: 42)
        var answered = 0
        for _ in 0..<2000 {
            let text = Self.randomDocument(&rng, brokenOneIn: 4)
            let data = Data(text.utf8)
            if let value = FastJSONReader.value(data, maxDepth: 32) {
                answered += 1
                XCTAssertEqual(value, decoded(data), text)
            }
        }
        XCTAssertGreaterThan(answered, 1000)
    }

    /// A random document, one in `brokenOneIn` with a byte replaced by JSON punctuation or noise.
    static func randomDocument(_ rng: inout SplitMix64, brokenOneIn: UInt64) -> String {
        var text = ""
        document(&text, depth: 0, &rng)
        guard rng.next() % brokenOneIn == 0, !text.isEmpty else { return text }
        var bytes = Array(text.utf8)
        let noise = Array(#"{}[],:"\ 1a-"#.utf8)
        bytes[Int(rng.next() % UInt64(bytes.count))] = noise[Int(rng.next() % UInt64(noise.count))]
        return String(decoding: bytes, as: UTF8.self)
    }

    static func document(_ out: inout String, depth: Int, _ rng: inout SplitMix64) {
        let pick = depth > 3 ? 2 + rng.next() % 5 : rng.next() % 7
        switch pick {
        case 0:
            out += "{"
            for i in 0..<Int(rng.next() % 4) {
                if i > 0 { out += "," }
                out += "\"k\(i)\(rng.next() % 3 == 0 ? "\\n" : "")\":"
                Self.document(&out, depth: depth + 1, &rng)
            }
            out += "}"
        case 1:
            out += "["
            for i in 0..<Int(rng.next() % 4) {
                if i > 0 { out += " , " }
                Self.document(&out, depth: depth + 1, &rng)
            }
            out += "]"
        case 2:
            // Sometimes far past Int: the reader must give up, not overflow.
            out += rng.next() % 5 == 0 ? String(repeating: "9", count: 15 + Int(rng.next() % 12))
                : String(Int(truncatingIfNeeded: rng.next()) % 1_000_000)
        case 3: out += ["true", "false", "null"][Int(rng.next() % 3)]
        case 4: out += #""a\"b\\c\/d\u00e9\ud83d\ude00 中""#
        case 5: out += "\"\(rng.next() % 1000)\""
        default: out += "-0"
        }
    }
}
