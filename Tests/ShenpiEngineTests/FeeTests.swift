import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import XCTest

/// `fees:`: an amount worked out for each case from its fields (不动产登记费:
/// residential 80, non-residential 550, each extra certificate 10).
final class FeeTests: XCTestCase {
    static let file = "workflows/realestate/property-transfer.yaml"
    let day = CivilDate(iso: "2025-12-01")!

    func fields(_ use: String, extra: Int? = nil) -> [String: FieldValue] {
        var f: [String: FieldValue] = ["use": .string(use)]
        if let extra { f["extra-certificates"] = .integer(extra) }
        return f
    }

    func amount(_ fields: [String: FieldValue]) throws -> CaseFee {
        let m = try EngineFixtures.machine(Self.file)
        return try XCTUnwrap(m.tables.fee("registration", fields: fields, submitted: MaterialSet(), on: day))
    }

    func testTheAmountFollowsTheApplication() throws {
        XCTAssertEqual(try amount(fields("residential")).fen, 8000)
        XCTAssertEqual(try amount(fields("residential", extra: 0)).amount, 80)
        XCTAssertEqual(try amount(fields("non-residential", extra: 2)).amount, 570)
        let fee = try amount(fields("non-residential"))
        XCTAssertEqual([fee.id, fee.title, fee.amountText], ["registration", "不动产登记费", "550"])
        XCTAssertEqual(fee.basis, "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）")
    }

    func testAnAmountTheFieldsDoNotGiveIsUnavailable() throws {
        let missing = try amount([:])
        XCTAssertNil(missing.amount)
        XCTAssertEqual(missing.unavailable, "no value for field \"use\"")
        let negative = try amount(fields("residential", extra: -9))
        XCTAssertNil(negative.amount)
        XCTAssertEqual(negative.unavailable, "the amount -10 is negative")
        let m = try EngineFixtures.machine(Self.file)
        XCTAssertNil(m.tables.fee("stamp-duty", fields: fields("residential"), submitted: MaterialSet(), on: day), "no such fee")
        XCTAssertEqual(try EngineFixtures.machine("workflows/tax/deed-tax.yaml").tables.fees(fields: [:], submitted: MaterialSet(), on: day), [])
    }

    /// A value no bound stopped (a flow without bounds, a store written before
    /// them) never traps: the amount is out of range.
    func testExtremeValuesAreOutOfRangeNotACrash() throws {
        for n in [Int.min, Int.max, -(1 << 62), 1 << 60] {
            let fee = try amount(fields("residential", extra: n))
            XCTAssertNil(fee.fen, "\(n)")
            XCTAssertNotNil(fee.unavailable)
        }
    }

    func testYuanAsANoticeWritesThem() {
        XCTAssertEqual([8000, 1250, 5, 110, 57000, 0, -1050].map { CaseFee.yuan(fen: $0) }, ["80", "12.5", "0.05", "1.1", "570", "0", "-10.5"])
    }

    /// To the fen, half up, on the amount as a person writes it: binary
    /// arithmetic would make 1.005 a fen short, and a rounding error below
    /// zero a negative fee.
    func testAmountsAreRoundedAsWritten() {
        XCTAssertEqual([1.005, 0.5 * 2.01, 1.5 * 0.67, 20.1 * 0.05, 2.675, 0.125, 0.3 - 0.1 - 0.2, 1e-05, 99.999].map(CaseFee.fen),
                       [101, 101, 101, 101, 268, 13, 0, 0, 10000])
        XCTAssertNil(CaseFee.fen(.infinity))
        XCTAssertNil(CaseFee.fen(1e14))
    }

    /// `{fee.registration}` in a notice: the amount, or `（待核定）`.
    func testNoticesQuoteTheAmount() throws {
        let m = try EngineFixtures.machine(Self.file)
        let text = m.tables.template("领证时缴纳{fee.registration}。")
        XCTAssertTrue(text.quotesFees)
        func rendered(_ fields: [String: FieldValue]) -> String {
            var state = CaseState(id: "BDC-1")
            state.fields = fields
            state.receivedAt = Instant.startOfDay(day)
            return TemplateRenderer(machine: m, state: state, step: "issue", missing: []).render("领证时缴纳{fee.registration}。")
        }
        XCTAssertEqual(rendered(fields("non-residential", extra: 1)), "领证时缴纳560元。")
        XCTAssertEqual(rendered([:]), "领证时缴纳（金额待核定）。")
        var state = CaseState(id: "BDC-1")
        state.fields = fields("residential")
        XCTAssertEqual(TemplateRenderer(machine: m, state: state, step: "issue", missing: []).render("登记费{fee.registration}，印花税{fee.stamp}"),
                       "登记费（金额待核定），印花税{fee.stamp}", "no day yet; a fee the flow does not have stays as written")
        XCTAssertFalse(m.tables.template("{item}").quotesFees)
    }

    /// A bounded field refuses a value outside its bounds, in the fast check the engine runs too.
    func testFieldBounds() throws {
        let m = try EngineFixtures.machine(Self.file)
        let extra = try XCTUnwrap(m.fields.first { $0.id == "extra-certificates" })
        XCTAssertEqual([extra.minimum, extra.maximum], [0, 99])
        XCTAssertTrue(m.fields.contains { $0.id == "use" && !$0.isBounded })
    }

    /// Format 3 marks a machine with fees; the others keep theirs and their fingerprints.
    func testFeesAreFormatThree() throws {
        let m = try EngineFixtures.machine(Self.file)
        XCTAssertEqual(m.format, 3)
        XCTAssertEqual(m.fees?.map(\.id), ["registration"])
        XCTAssertEqual(try MachineCodec.decode(MachineCodec.encode(m)).fees, m.fees)
        XCTAssertEqual(try EngineFixtures.machine("workflows/meteorology/lightning-design.yaml").format, 2)
        XCTAssertFalse(String(decoding: try MachineCodec.encode(try EngineFixtures.machine("workflows/tax/deed-tax.yaml")), as: UTF8.self).contains("fees"))
        var relabelled = m
        relabelled.format = 2
        relabelled.fingerprint = try MachineCodec.fingerprint(of: relabelled)
        XCTAssertThrowsError(try MachineCodec.decode(MachineCodec.encode(relabelled))) { XCTAssertEqual($0 as? MachineError, .unsupportedFormat(2)) }
    }
}
