import Foundation
@testable import ShenpiAPI
import ShenpiCalendar
import XCTest

/// What JSONDecoder would take but RFC 8259 does not — trailing commas,
/// repeated keys, UTF-16 — is refused, with where; strict JSON passes.
final class StrictJSONTests: XCTestCase {
    func testLaxJSONIsRefusedWithItsPlace() {
        let refused: [(String, String)] = [
            (#"{"type":"decide","step":"review",}"#, "the body is not valid JSON (line 1, column 34: a comma before '}' (a trailing comma))"),
            (#"{"roles":["intake",]}"#, "the body is not valid JSON (line 1, column 20: a comma before ']' (a trailing comma))"),
            (#"{"name":"c","scopes":["admin"],"scopes":[]}"#, "the body is not valid JSON (line 1, column 32: the key \"scopes\" is repeated)"),
            ("{\"scopes\":[],\n \"sc\\u006fpes\":[\"admin\"]}", "the body is not valid JSON (line 2, column 2: the key \"scopes\" is repeated)"),
            (#"{"x":01}"#, "the body is not valid JSON (line 1, column 6: a number with a leading zero)"),
            (#"{"x":1.}"#, "the body is not valid JSON (line 1, column 8: expected a digit after '.')"),
            (#"{"x":NaN}"#, "the body is not valid JSON (line 1, column 6: expected a value)"),
            (#"{x:1}"#, "the body is not valid JSON (line 1, column 2: expected a key in quotes)"),
            (#"{"x":1 "y":2}"#, "the body is not valid JSON (line 1, column 8: expected ',' or '}')"),
            ("{\"办\":\"a\u{1}\"}", "the body is not valid JSON (line 1, column 8: a control character in a string (write it as an escape))"),
            (#"{"x":"\q"}"#, "the body is not valid JSON (line 1, column 7: a bad escape in a string)"),
            (#"{"x":1} {}"#, "the body is not valid JSON (line 1, column 9: more after the value)"),
            (#"{"x":"#, "the body is not valid JSON (line 1, column 6: the body ends where a value should be)"),
            (#"// c"# + "\n{}", "the body is not valid JSON (line 1, column 1: expected a value)"),
            // As docs/api.md shows them.
            (#"{"flow":"#, "the body is not valid JSON (line 1, column 9: the body ends where a value should be)"),
            (#"{"flow":"senior-bus-card","id":"A","id":"B"}"#, "the body is not valid JSON (line 1, column 36: the key \"id\" is repeated)"),
            (#"{"flow":"senior-bus-card",}"#, "the body is not valid JSON (line 1, column 27: a comma before '}' (a trailing comma))"),
        ]
        for (text, message) in refused { XCTAssertEqual(StrictJSON.problem(in: Data(text.utf8)), message, text) }
        let utf16 = #"{"flow":"senior-bus-card"}"#.data(using: .utf16)!
        XCTAssertEqual(StrictJSON.problem(in: utf16), "the body is not UTF-8 text")
        XCTAssertNotNil(try? JSONDecoder().decode(JSONValue.self, from: utf16), "the decoder alone would take it")
        XCTAssertEqual(StrictJSON.problem(in: Data([0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])), "the body is not UTF-8 text")
        XCTAssertEqual(StrictJSON.problem(in: #"{"flow":"x"}"#.data(using: .utf16LittleEndian)!), "the body is not UTF-8 text", "UTF-16 without a mark")
        // A byte-order mark leads UTF-8 JSON as some clients write it; a NUL is a control character, not bad UTF-8.
        XCTAssertNil(StrictJSON.problem(in: Data([0xEF, 0xBB, 0xBF] + Array(#"{"x":1.5}"#.utf8))))
        XCTAssertEqual(StrictJSON.problem(in: Data([0xEF, 0xBB, 0xBF] + Array(#"{"x":1.}"#.utf8))),
                       "the body is not valid JSON (line 1, column 8: expected a digit after '.')")
        XCTAssertEqual(StrictJSON.problem(in: Data(Array(#"{"x":"a"#.utf8) + [0] + Array(#""}"#.utf8))),
                       "the body is not valid JSON (line 1, column 8: a control character in a string (write it as an escape))")
        for text in [#"{"x":1.5e-3,"y":-0,"z":[],"w":{},"v":"\ud83d\ude00"}"#, " [ 1 , 2 ] ", #""s""#, "12345678901234567890"] {
            XCTAssertNil(StrictJSON.problem(in: Data(text.utf8)), text)
        }
    }

    /// Random documents, some broken: whatever the fast reader answers is
    /// strict, and whatever is strict the decoder reads.
    func testStrictAgreesWithTheReaders() {
        var rng = SplitMix64(seed: 7)
        var strict = 0
        for _ in 0..<2000 {
            let text = FastJSONReaderTests.randomDocument(&rng, brokenOneIn: 3)
            let data = Data(text.utf8)
            let problem = StrictJSON.problem(in: data)
            if FastJSONReader.value(data, maxDepth: 32) != nil { XCTAssertNil(problem, text) }
            if problem == nil {
                strict += 1
                XCTAssertNotNil(try? JSONDecoder().decode(JSONValue.self, from: data), text)
            }
        }
        XCTAssertGreaterThan(strict, 1000)
    }
}
