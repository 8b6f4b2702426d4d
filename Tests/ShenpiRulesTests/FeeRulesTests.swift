import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// The lint rules that read a flow's `fees`.
final class FeeRulesTests: XCTestCase {
    func flow(fees: String, templates: String = "", materials: String = "", guideFee: String? = "住宅 80 元/件，非住宅 550 元/件") -> String {
        """
        workflow: fees
        version: 1
        title: 存量房买卖转移登记
        department: center
        kind: immediate
        calendar: cn
        limits: { legal: 1 workday }
        fields:
          - { id: use, title: 房屋用途, type: enum, values: [residential, non-residential] }
        \(materials)
        \(fees)
        \(templates)
        steps:
          - id: register
            role: window
            title: 登记
            decisions: { register: registered }
        outcomes:
          - { id: registered, title: 已登记, kind: granted }
        decision-titles: { register: 登记 }
        """ + (guideFee.map { "\nguide:\n  fee: \($0)" } ?? "")
    }

    /// Fees charged must be in the public guide (Art. 30).
    func testFeesTheGuideDoesNotShow() throws {
        let fees = "fees:\n  - { id: a, title: 登记费, amount: \"if(use == 'residential', 80, 550)\" }"
        XCTAssertEqual(try lines(flow(fees: fees)), [])
        XCTAssertEqual(try lines(flow(fees: fees, guideFee: nil)), [
            "12:11 guide-fee: the flow charges “登记费”, but guide.fee is not written, so the service guide's 收费标准 reads —; "
                + "write guide.fee with the amounts and their basis (Art. 30 has them public)"
        ])
        XCTAssertEqual(try lines(flow(fees: fees, guideFee: "首次申领免费，遗失补领收取工本费 20 元/张")), [], "free only in part")
        for free in ["不收费", "免费办理", "{ amount: 0, unit: 元 }", "不收费（依据《行政许可法》第五十八条）"] {
            XCTAssertEqual(try lines(flow(fees: fees, guideFee: free)).map { $0.contains("guide.fee says the item is free") }, [true], free)
        }
        XCTAssertEqual(try lines(flow(fees: "", guideFee: nil)), [], "no fees, nothing to show")
    }

    func lines(_ text: String) throws -> [String] {
        try TestSupport.lint(text: text).map { "\($0.line):\($0.column) \($0.rule): \($0.message)" }
    }

    func testAMaterialTestedOnlyInAFeeIsUsed() throws {
        let materials = """
            materials:
              - { id: old-certificate, title: 原证书, form: original }
            """
        let free = "fees:\n  - { id: replacement, title: 补证费, amount: \"if(has(old-certificate), 0, 10)\" }"
        XCTAssertEqual(try lines(flow(fees: free, materials: materials)), [])
        XCTAssertEqual(try lines(flow(fees: "", materials: materials)).map { $0.contains("unused-material") }, [true])
    }

    func testAnAmountTheSameForEveryCaseMustBeANumberOfYuan() throws {
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: -5 }")),
                       ["12:32 expression-type: in fee amount: the amount is -5 yuan for every case; a fee is never negative"])
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: \"80 / 0\" }")),
                       ["12:33 expression-type: in fee amount: the amount cannot be worked out for any case: division by zero"])
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: 12.5 }")), [])
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: \"if(use == 'residential', -1, 2)\" }")), [],
                       "depends on the case: judged when worked out")
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: \"if(today() < date('2000-01-01'), 80, -1)\" }")), [],
                       "depends on the day: judged when worked out")
    }

    func testAnOptionalFieldIsReadOnlyWhereGiven() throws {
        let optional = "fields:\n  - { id: use, title: 房屋用途, type: enum, values: [residential, non-residential] }\n"
            + "  - { id: n, title: N, type: integer, required: false }"
        func warnings(_ amount: String) throws -> [String] {
            try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: \"\(amount)\" }").replacingOccurrences(
                of: "fields:\n  - { id: use, title: 房屋用途, type: enum, values: [residential, non-residential] }", with: optional))
                .filter { $0.contains("fee-optional-field") }
        }
        XCTAssertEqual(try warnings("10 * n").count, 1)
        XCTAssertEqual(try warnings("if(given(n), 10 * n, 0)"), [])
        XCTAssertEqual(try warnings("if(given(n), 10 * n, n)").count, 1, "the value without it may not read it")
        XCTAssertEqual(try warnings("if(n > 1, 10, 0)").count, 1)
        XCTAssertEqual(try warnings("if(use == 'residential', 80, 550)"), [], "a required field needs no guard")
        XCTAssertEqual(try warnings("if(given(n) and n > 1, 10 * n, 0)"), [], "and short-circuits")
        XCTAssertEqual(try warnings("if(not given(n), 0, 10 * n)"), [])
        XCTAssertEqual(try warnings("if(not given(n) or n < 1, 0, 10 * n)"), [])
        XCTAssertEqual(try warnings("if(given(n) or n > 1, 1, 0)").count, 1, "or reads n when it is not given")
    }

    func testFeeIdsAndPlaceholders() throws {
        let two = "fees:\n  - { id: a, title: A, amount: 1 }\n  - { id: a, title: B, amount: 2 }"
        XCTAssertEqual(try lines(flow(fees: two)).map { $0.contains("duplicate-id") && $0.contains("fee id \"a\"") }, [true])
        let templates = "templates:\n  t: \"{fee.a}{fee.b}\""
        // The template is sent by nothing here: that warning is unused-template's, not these tests'.
        func lines(_ text: String) throws -> [String] { try self.lines(text).filter { !$0.contains("unused-template") } }
        XCTAssertEqual(try lines(flow(fees: "fees:\n  - { id: a, title: A, amount: 1 }", templates: templates)),
                       ["14:14 unknown-placeholder: no fee \"b\" for placeholder \"{fee.b}\"; did you mean \"a\"?"])
        XCTAssertEqual(try lines(flow(fees: "", templates: templates)).filter { $0.contains("unknown-placeholder") }.count, 2)
        // A fees block that does not read is one error, not one per placeholder.
        XCTAssertEqual(try lines(flow(fees: "fees: 3", templates: templates)).map { $0.contains(" wrong-type: ") }, [true])
    }
}

/// `minimum` / `maximum` on integer and number fields.
final class FieldBoundsTests: XCTestCase {
    func lines(_ fields: String) throws -> [String] {
        let text = """
            workflow: bounds
            version: 1
            title: 测试
            department: center
            kind: immediate
            calendar: cn
            limits: { legal: 1 workday }
            fields:
            \(fields)
            steps:
              - id: s
                role: window
                decisions: { ok: finished }
            outcomes:
              - { id: finished, title: 完成, kind: granted }
            """
        return try TestSupport.lint(text: text).map { "\($0.line):\($0.column) \($0.rule): \($0.message)" }
    }

    func testBoundsAreNumbersOfNumericFieldsInOrder() throws {
        XCTAssertEqual(try lines("  - { id: a, title: A, type: integer, minimum: 0, maximum: 99 }\n  - { id: b, title: B, type: number, minimum: -2.5 }"), [])
        XCTAssertEqual(try lines("  - { id: a, title: A, type: integer, minimum: 5, maximum: 3 }"),
                       ["9:48 invalid-value: \"minimum\" 5 is above \"maximum\" 3: no value would do"])
        XCTAssertEqual(try lines("  - { id: a, title: A, type: integer, minimum: 0.2, maximum: 0.8 }"),
                       ["9:48 invalid-value: no whole number lies between \"minimum\" 0.2 and \"maximum\" 0.8"])
        XCTAssertEqual(try lines("  - { id: a, title: A, type: number, minimum: 0.2, maximum: 0.8 }"), [])
        XCTAssertEqual(try lines("  - { id: a, title: A, type: string, minimum: 1 }"),
                       ["9:38 unknown-key: \"minimum\" applies only to fields of type integer or number"])
        XCTAssertEqual(try lines("  - { id: a, title: A, type: number, maximum: \"10\" }"),
                       ["9:47 wrong-type: expected a number for \"maximum\", written in decimal like 0, -10 or 99.5, found \"10\""])
    }
}
