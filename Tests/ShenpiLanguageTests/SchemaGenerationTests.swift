import Foundation
import ShenpiLanguage
import ShenpiTestSupport
import XCTest

/// `shenpi schema`: the generated JSON Schema, its checked-in copy, and the
/// lexical patterns it shares with the decoder.
final class SchemaGenerationTests: XCTestCase {
    static let checkedIn = "docs/shenpi.schema.json"

    /// docs/shenpi.schema.json is byte for byte what `shenpi schema` prints.
    /// Re-record with `SHENPI_RECORD=1 swift test --filter SchemaGenerationTests`.
    func testCheckedInSchemaIsTheGeneratedOne() throws {
        let generated = LanguageSchema.serialized()
        if TestSupport.recording {
            try generated.write(toFile: TestSupport.path(Self.checkedIn), atomically: true, encoding: .utf8)
        }
        let stored = try XCTUnwrap(TestSupport.read(Self.checkedIn), "\(Self.checkedIn) is missing; record it with SHENPI_RECORD=1")
        XCTAssertTrue(stored == generated, "\(Self.checkedIn) differs from the generated schema; re-record it with SHENPI_RECORD=1 swift test --filter SchemaGenerationTests")
    }

    func testGenerationIsStable() {
        XCTAssertEqual(LanguageSchema.serialized(), LanguageSchema.serialized())
        XCTAssertTrue(LanguageSchema.serialized().hasSuffix("}\n"))
    }

    /// Every key of every construct has a schema and a bilingual description,
    /// and nothing is described that the decoder does not know.
    func testEveryKeyIsCoveredAndDescribed() {
        XCTAssertEqual(LanguageSchema.build().problems, [])
    }

    func testTheValidatorKnowsEveryKeywordTheSchemaUses() throws {
        let validator = try SchemaValidator(schemaText: LanguageSchema.serialized())
        XCTAssertEqual(validator.unsupportedKeywords(), [])
    }

    func testEveryReferenceResolves() throws {
        let schema = try JSON(parsing: LanguageSchema.serialized())
        guard case .object(let top) = schema, case .object(let defs)? = top["$defs"] else { return XCTFail("no $defs") }
        var refs: Set<String> = []
        func collect(_ node: JSON) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "$ref", case .string(let ref) = value {
                        XCTAssertTrue(ref.hasPrefix("#/$defs/"), ref)
                        refs.insert(String(ref.dropFirst("#/$defs/".count)))
                    }
                    collect(value)
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(schema)
        XCTAssertFalse(refs.isEmpty)
        XCTAssertEqual(refs.subtracting(defs.keys), [])
        XCTAssertEqual(Set(defs.keys).subtracting(refs), [], "unused $defs")
    }

    /// The mappings of the language appear with exactly the decoder's keys,
    /// required keys and no others.
    func testObjectsCarryTheDecodersKeyLists() throws {
        let schema = try JSON(parsing: LanguageSchema.serialized())
        guard case .object(let top) = schema, case .object(let defs)? = top["$defs"] else { return XCTFail("no $defs") }
        let constructs: [(String, KeySet)] = [
            ("registry", LanguageKeys.registry), ("department", LanguageKeys.department), ("role", LanguageKeys.role),
            ("workflow", LanguageKeys.workflow), ("limits", LanguageKeys.limits), ("guide", LanguageKeys.guide),
            ("codes", LanguageKeys.codes), ("fee", LanguageKeys.fee), ("result", LanguageKeys.result),
            ("contacts", LanguageKeys.contacts), ("field", LanguageKeys.field), ("material", LanguageKeys.material),
            ("outcome", LanguageKeys.outcome), ("notification", LanguageKeys.notification), ("task", LanguageKeys.task),
            ("decisionBody", LanguageKeys.decision), ("parallel", LanguageKeys.parallel),
            ("parallelBody", LanguageKeys.parallelBody), ("branch", LanguageKeys.branch), ("route", LanguageKeys.route),
            ("routeEntry", LanguageKeys.routeEntry), ("wait", LanguageKeys.wait), ("call", LanguageKeys.call),
        ]
        for (name, keys) in constructs {
            guard case .object(let def)? = defs[name], case .object(let properties)? = def["properties"] else {
                XCTFail("$defs/\(name) is not an object schema")
                continue
            }
            XCTAssertEqual(Set(properties.keys), Set(keys.keys), name)
            XCTAssertEqual(def["additionalProperties"], .bool(false), name)
            let required: [JSON] = keys.required.map { .string($0) }
            XCTAssertEqual(def["required"] ?? .array([]), .array(required), name)
            for (key, property) in properties {
                guard case .object(let p) = property, case .string(let text)? = p["description"] else {
                    XCTFail("\(name).\(key) has no description")
                    continue
                }
                let parts = text.components(separatedBy: "\n\n")
                XCTAssertEqual(parts.count, 2, "\(name).\(key): Chinese, blank line, English")
                XCTAssertTrue(parts[0].unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(name).\(key) has no Chinese")
                XCTAssertTrue(parts.last!.unicodeScalars.first.map { $0.isASCII } ?? false, "\(name).\(key) has no English")
            }
        }
    }

    /// The id pattern accepts exactly what `Identifier.isValid` accepts, over
    /// every string of up to four characters from a telling alphabet.
    func testIdentifierPatternAgreesWithTheDecoder() throws {
        let regex = try NSRegularExpression(pattern: Identifier.pattern)
        let alphabet: [Character] = ["a", "z", "0", "9", "-", "_", "A", " ", "审"]
        var words: [String] = [""]
        var all: [String] = [""]
        for _ in 1...4 {
            words = words.flatMap { w in alphabet.map { w + String($0) } }
            all += words
        }
        var disagreements: [String] = []
        for s in all {
            let matched = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            if matched != Identifier.isValid(s) { disagreements.append(s) }
        }
        XCTAssertEqual(disagreements, [])
    }

    /// Whatever the duration pattern accepts, the decoder accepts with the same
    /// meaning. The decoder is a little more lenient than the documented form
    /// (leading zeros, several spaces); the pattern keeps to the documented form.
    func testDurationPatternAgreesWithTheDecoder() throws {
        let regex = try NSRegularExpression(pattern: DurationSyntax.pattern)
        func matches(_ s: String) -> Bool { regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
        var samples: [String] = []
        for amount in ["0", "1", "5", "10", "99", "9999", "10000", "-1", "+1", "1.5", "five", "", "05"] {
            for unit in ["workdays", "workday", "days", "day", "hours", "hour", "weeks", "Days", "", "workdayss"] {
                samples += ["\(amount) \(unit)", "\(amount)\(unit)", "\(amount)  \(unit)", " \(amount) \(unit)", "\(amount) \(unit) "]
            }
        }
        for s in samples where matches(s) {
            XCTAssertNotNil(DurationSyntax.parse(s), "the schema accepts \"\(s)\", the decoder does not")
        }
        for s in ["5 workdays", "1 workday", "7 days", "1 day", "4 hours", "1 hour", "9999 days"] {
            XCTAssertTrue(matches(s), s)
            XCTAssertNotNil(DurationSyntax.parse(s), s)
        }
        for s in ["5", "5 weeks", "0 days", "-1 workdays", "five days", "10000 days", "5days", "5 Days"] {
            XCTAssertFalse(matches(s), s)
            XCTAssertNil(DurationSyntax.parse(s), s)
        }
        for example in DurationSyntax.examples { XCTAssertTrue(matches(example), example) }
    }
}
