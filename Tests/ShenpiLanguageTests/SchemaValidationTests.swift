import Foundation
import ShenpiLanguage
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// Documents against the generated schema: every real flow passes, broken ones
/// fail, and the schema agrees with the decoder on the lint fixtures.
final class SchemaValidationTests: XCTestCase {
    static let validator: SchemaValidator = {
        // The generated schema is parsed back from its text, as an editor reads it.
        try! SchemaValidator(schemaText: LanguageSchema.serialized())
    }()

    /// The `*.yaml` files below a folder of the repository, recursively, sorted.
    static func yamlFiles(under folder: String) -> [String] {
        let root = TestSupport.path(folder)
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }

    static func load(_ relative: String) -> Node? {
        let doc = Loader().load(path: TestSupport.path(relative), file: relative)
        guard doc.diagnostics.allSatisfy({ $0.severity != .error }) else { return nil }
        return doc.root
    }

    static func parse(_ text: String) -> Node? {
        let doc = Loader().load(text: text, file: "test.yaml")
        guard doc.diagnostics.allSatisfy({ $0.severity != .error }) else { return nil }
        return doc.root
    }

    /// The errors the decoder reports for a document (by its top-level key).
    static func decoderErrors(_ root: Node) -> [Diagnostic]? {
        let keys = root.mappingEntries?.map(\.key.value) ?? []
        let diagnostics: [Diagnostic]
        if keys.contains("registry") {
            diagnostics = RegistryDecoder.decode(root, file: "test.yaml").1
        } else if keys.contains("workflow") {
            diagnostics = WorkflowDecoder.decode(root, file: "test.yaml").1
        } else {
            return nil
        }
        return diagnostics.filter { $0.severity == .error }
    }

    static func violations(_ root: Node) -> [SchemaViolation] {
        validator.validate(JSON(yaml: root))
    }

    // MARK: the catalog

    func testEveryFileOfTheCatalogValidates() throws {
        let files = Self.yamlFiles(under: "workflows")
        XCTAssertTrue(files.contains("workflows/registry.yaml"))
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files {
            let root = try XCTUnwrap(Self.load(file), file)
            XCTAssertEqual(Self.violations(root).map(\.description), [], file)
        }
    }

    func testLintCleanFixturesValidate() throws {
        let files = Self.yamlFiles(under: "fixtures/lint/ok") + ["fixtures/lint/registry.yaml"]
        XCTAssertGreaterThan(files.count, 1)
        for file in files {
            let root = try XCTUnwrap(Self.load(file), file)
            XCTAssertEqual(Self.violations(root).map(\.description), [], file)
        }
    }

    /// On every lint fixture that loads, the schema rejects the document
    /// exactly when the decoder reports an error (the rules' semantic errors,
    /// such as undefined references, are beyond a schema and do not count).
    func testSchemaAgreesWithTheDecoderOnTheLintFixtures() throws {
        var disagreements: [String] = []
        var compared = 0
        for file in Self.yamlFiles(under: "fixtures/lint") {
            guard let root = Self.load(file) else { continue }
            let valid = Self.violations(root).isEmpty
            guard let errors = Self.decoderErrors(root) else {
                if valid { disagreements.append("\(file): neither a flow nor a registry, yet valid") }
                continue
            }
            compared += 1
            if errors.isEmpty != valid {
                let why = valid ? errors.map(\.rule).joined(separator: ", ") : Self.violations(root).map(\.description).joined(separator: "; ")
                disagreements.append("\(file): decoder \(errors.isEmpty ? "accepts" : "rejects"), schema \(valid ? "accepts" : "rejects") (\(why))")
            }
        }
        XCTAssertGreaterThan(compared, 50)
        XCTAssertEqual(disagreements, [])
    }

    // MARK: written documents

    /// A flow that uses most constructs; the decoder accepts it.
    static let sample = """
        workflow: schema-sample
        version: 1
        title: 样例事项
        department: center
        kind: promised
        calendar: cn
        limits: { legal: 20 workdays, promised: 10 workdays }
        guide:
          fee: 不收费
          delivery: [window]
        fields:
          - { id: use, title: 用途, type: enum, values: [residential, other] }
        materials:
          - { id: application, title: 申请表, form: [original, copy], source: applicant, required: always }
        templates:
          accepted: 您的{item}申请已受理。
        steps:
          - id: accept
            role: window
            limit: 1 workdays
            warn-before: 4 hours
            checks: [application]
            decisions:
              accept: { next: joint, notify: { to: applicant, template: accepted } }
              refuse: refused
          - id: joint
            parallel:
              join: all
              branches:
                - id: left
                  steps:
                    - { id: left-review, role: reviewer, decisions: { pass: done } }
            next: check
          - id: check
            route:
              - when: use == 'residential'
                next: notice
              - otherwise: granted
          - id: notice
            wait: 7 days
            next: granted
        outcomes:
          - { id: granted, title: 准予, kind: granted }
          - { id: refused, title: 不予, kind: refused }

        """

    static let registry = """
        registry: sample-center
        title: 样例中心
        departments:
          - { id: center, title: 政务服务中心 }
        roles:
          - { id: window, title: 窗口, department: center }

        """

    /// `sample` with one replacement; fails when `find` is not in it exactly once.
    func variant(_ find: String, _ replacement: String, of base: String = sample, line: UInt = #line) -> String {
        XCTAssertEqual(base.components(separatedBy: find).count, 2, "\"\(find)\" must occur once", line: line)
        return base.replacingOccurrences(of: find, with: replacement)
    }

    func testTheSamplesAreValid() throws {
        for text in [Self.sample, Self.registry] {
            let root = try XCTUnwrap(Self.parse(text))
            XCTAssertEqual(Self.decoderErrors(root)?.map(\.message), [])
            XCTAssertEqual(Self.violations(root).map(\.description), [])
        }
    }

    /// Each of these breaks one rule of the language: the decoder reports an
    /// error, and the schema rejects the document.
    func testBrokenDocumentsDoNotValidate() throws {
        let broken: [(String, String)] = [
            ("unknown key", variant("version: 1\n", "version: 1\nowner: center\n")),
            ("unknown key in a step", variant("    checks: [application]\n", "    check: [application]\n")),
            ("bad duration unit", variant("legal: 20 workdays", "legal: 20 weeks")),
            ("zero duration", variant("wait: 7 days", "wait: 0 days")),
            ("duration without unit", variant("limit: 1 workdays", "limit: 1")),
            ("bad kind", variant("kind: promised", "kind: urgent")),
            ("bad form", variant("form: [original, copy]", "form: [original, scan]")),
            ("empty form list", variant("form: [original, copy]", "form: []")),
            ("bad outcome kind", variant("kind: refused }", "kind: denied }")),
            ("bad pause", variant("accept: { next: joint,", "accept: { next: joint, pause: holiday,")),
            ("bad join", variant("join: all", "join: some")),
            ("bad delivery", variant("delivery: [window]", "delivery: [window, fax]")),
            ("delivery twice", variant("delivery: [window]", "delivery: [window, window]")),
            ("blank title", variant("title: 样例事项\n", "title: \"  \"\n")),
            ("missing title", variant("title: 样例事项\n", "")),
            ("missing decisions", variant("    decisions:\n      accept:", "    choices:\n      accept:")),
            ("malformed id", variant("id: accept\n", "id: Accept\n")),
            ("malformed target", variant("refuse: refused", "refuse: Refused")),
            ("done as a step id", variant("id: notice\n", "id: done\n")),
            ("keyword as a field id", variant("id: use,", "id: not,")),
            ("two kinds in one step", variant("    wait: 7 days\n", "    wait: 7 days\n    role: window\n")),
            ("nested parallel", variant(
                "- { id: left-review, role: reviewer, decisions: { pass: done } }",
                "- { id: inner, parallel: { join: all, branches: [ { id: b, steps: [ { id: x, role: reviewer, decisions: { pass: done } } ] } ] }, next: done }")),
            ("template and message", variant("template: accepted }", "template: accepted, message: 你好 }")),
            ("notification without to", variant("{ to: applicant, template: accepted }", "{ template: accepted }")),
            ("enum field without values", variant(", values: [residential, other]", "")),
            ("values on a string field", variant("type: enum", "type: string")),
            ("duplicate enum values", variant("values: [residential, other]", "values: [residential, residential]")),
            ("promised item without a promise", variant(", promised: 10 workdays", "")),
            ("warn-before without limit", variant("    limit: 1 workdays\n", "")),
            ("pause and resume", variant("accept: { next: joint,", "accept: { next: joint, pause: hearing, resume: true,")),
            ("otherwise with when", variant("      - otherwise: granted\n", "      - otherwise: granted\n        when: use == 'other'\n")),
            ("route entry without next", variant("        next: notice\n", "")),
            ("quoted version", variant("version: 1", "version: \"1\"")),
            ("version 0", variant("version: 1", "version: 0")),
            ("copies 0", variant("required: always }", "required: always, copies: 0 }")),
            // Lint's upper bound (NodeReader.maximumWholeNumber), which the schema states too.
            ("version past the maximum", variant("version: 1", "version: 1000001")),
            ("copies past the maximum", variant("required: always }", "required: always, copies: 1000001 }")),
            ("visits past the maximum", variant("  fee: 不收费\n", "  fee: 不收费\n  visits: 1000001\n")),
            ("times past the maximum", variant("promised: 10 workdays }", "promised: 10 workdays, extension: { max: 10 workdays, by: window, times: 1000001 } }")),
            ("yes for a boolean", variant("    checks: [application]\n", "    checks: [application]\n    four-eyes: yes\n")),
            ("no decisions", variant("decisions: { pass: done }", "decisions: {}")),
            ("fee without amount", variant("fee: 不收费", "fee: { unit: 元/件 }")),
            ("negative fee", variant("fee: 不收费", "fee: { amount: -5 }")),
            ("fee amount with its unit", variant("fee: 不收费", "fee: { amount: 80元 }")),
            ("quoted fee amount", variant("fee: 不收费", "fee: { amount: \"80\" }")),
            ("empty title", variant("title: 样例事项", "title:")),
            ("a list for a title", variant("title: 样例事项", "title: [样例事项]")),
            ("unknown registry key", variant("title: 样例中心\n", "title: 样例中心\nowner: 市政府\n", of: Self.registry)),
            ("role without department", variant(", department: center }", " }", of: Self.registry)),
            ("neither flow nor registry", variant("workflow: schema-sample", "flow: schema-sample")),
        ]
        for (name, text) in broken {
            let root = try XCTUnwrap(Self.parse(text), name)
            let errors = Self.decoderErrors(root)  // nil: not a flow or a registry, which lint rejects
            XCTAssertTrue(errors.map { !$0.isEmpty } ?? true, "\(name): the decoder should reject it")
            XCTAssertNotEqual(Self.violations(root), [], "\(name): the schema should reject it")
        }
    }

    /// Each of these is a legal variation: the decoder accepts it, so must the schema.
    func testLegalVariationsValidate() throws {
        let legal: [(String, String)] = [
            ("single form", variant("form: [original, copy]", "form: electronic")),
            ("singular unit", variant("limit: 1 workdays", "limit: 1 workday")),
            ("fee as a mapping", variant("fee: 不收费", "fee: { amount: 80, unit: 元/件, basis: 《收费标准》 }")),
            ("fee as a number", variant("fee: 不收费", "fee: 80")),
            ("fee amount with an exponent", variant("fee: 不收费", "fee: { amount: 1.5e2 }")),
            ("fee amount -0", variant("fee: 不收费", "fee: { amount: -0 }")),
            ("fee amount with a fraction", variant("fee: 不收费", "fee: { amount: 12.5 }")),
            ("version with a leading zero", variant("version: 1", "version: 010")),
            ("whole numbers at the maximum", variant("version: 1", "version: 1000000").replacingOccurrences(
                of: "required: always }", with: "required: always, copies: 1000000 }").replacingOccurrences(
                of: "promised: 10 workdays }", with: "promised: 10 workdays, extension: { max: 10 workdays, by: window, times: 1000000 } }")),
            ("legal basis as one text", variant("  fee: 不收费\n", "  fee: 不收费\n  legal-basis: 《条例》第二十三条\n  conditions: [甲, 乙]\n")),
            ("numbers as text", variant("  fee: 不收费\n", "  fee: 不收费\n  contacts: { enquiry: 0571-85100000, complaint: 12345 }\n  codes: { basic: \"000117011000\" }\n  visits: 0\n")),
            ("a number as a title", variant("title: 样例事项", "title: 2024")),
            ("join count", variant("join: all", "join: 1")),
            ("join any", variant("join: all", "join: any")),
            ("notify list", variant("notify: { to: applicant, template: accepted }", "notify: [{ to: applicant, template: accepted }, { to: window, message: 有新的待办 }]")),
            ("decision body", variant("refuse: refused", "refuse: { next: refused, request-supplement: true, extend: 10 workdays }")),
            ("pause", variant("refuse: refused", "refuse: { next: refused, pause: expert-review }")),
            ("resume", variant("refuse: refused", "refuse: { next: refused, resume: true }")),
            ("on-timeout and four-eyes", variant("    checks: [application]\n", "    checks: [application]\n    four-eyes: true\n    on-timeout: accept\n")),
            ("produces", variant("    checks: [application]\n", "    checks: [application]\n    produces: [application]\n")),
            ("immediate item without a promise", variant("kind: promised\ncalendar: cn\nlimits: { legal: 20 workdays, promised: 10 workdays }", "kind: immediate\ncalendar: cn\nlimits: { legal: 20 workdays }")),
            ("material condition", variant("required: always }", "required: deferrable, when: use == 'other', copies: 2, standard: 有效期内, sample: 样表 }")),
            ("optional field", variant("values: [residential, other] }", "values: [residential, other] }\n  - { id: area, type: number, required: false }")),
            ("a call", variant("    wait: 7 days\n    next: granted\n", "    call: deed-tax\n    outcomes: { paid: granted, unpaid: refused }\n")),
            ("empty optional lists", variant("    checks: [application]\n", "    checks:\n")),
            ("comment line", "# yaml-language-server: $schema=../../docs/shenpi.schema.json\n" + Self.sample),
        ]
        for (name, text) in legal {
            let root = try XCTUnwrap(Self.parse(text), name)
            XCTAssertEqual(Self.decoderErrors(root)?.map(\.message), [], "\(name): the decoder should accept it")
            XCTAssertEqual(Self.violations(root).map(\.description), [], "\(name): the schema should accept it")
        }
    }

    // MARK: the YAML → JSON reading

    func testPlainScalarsAreReadAsTheYAML12CoreSchemaReadsThem() throws {
        let root = try XCTUnwrap(Self.parse("""
            a: 12
            b: -3
            c: 2.5
            d: true
            e: no
            f: "12"
            g: ~
            h: 0x1F
            i: 1e3
            j: 'true'
            k: !!str 7
            l: 0571-85100000
            m:

            """))
        let expected: JSON = .object([
            "a": .number(12), "b": .number(-3), "c": .number(2.5), "d": .bool(true), "e": .string("no"),
            "f": .string("12"), "g": .null, "h": .number(31), "i": .number(1000), "j": .string("true"),
            "k": .string("7"), "l": .string("0571-85100000"), "m": .null,
        ])
        XCTAssertEqual(JSON(yaml: root), expected)
    }

    func testTheValidatorReportsWhereAndWhy() throws {
        let root = try XCTUnwrap(Self.parse(variant("wait: 7 days", "wait: 7 weeks")))
        let found = Self.violations(root).map(\.description)
        XCTAssertTrue(found.contains { $0.hasPrefix("/steps/3/wait: \"7 weeks\" does not match") }, "\(found)")
    }
}
