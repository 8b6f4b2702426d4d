import ShenpiAPI
import ShenpiStore
import XCTest

final class MaskingTests: XCTestCase {
    func testIdentityNumbersAreMaskedInLogText() {
        XCTAssertEqual(Masking.mask("field \"id-number\": '11010519491231002X' is not valid"), "field \"id-number\": '1101************2X' is not valid")
        XCTAssertEqual(Masking.mask("phone 13812345678, case 20250926-1"), "phone 138****5678, case 20250926-1")
        XCTAssertEqual(Masking.mask("/v1/cases/110105194912310021"), "/v1/cases/1101************21")
        XCTAssertEqual(Masking.mask("version 12 at 2025-09-26"), "version 12 at 2025-09-26")
        XCTAssertEqual(Masking.mask("23812345678"), "23812345678", "not a mobile number")
        XCTAssertEqual(Masking.mask("tel +8613812345678"), "tel +86138****5678")
        // Grouped, or after a dialling prefix: as found in case ids of a path.
        XCTAssertEqual(Masking.mask("/v1/cases/138-1234-5678"), "/v1/cases/138-****-5678")
        XCTAssertEqual(Masking.mask("138.1234.5678 and 138 1234 5678"), "138.****.5678 and 138 **** 5678")
        XCTAssertEqual(Masking.mask("/v1/cases/013812345678"), "/v1/cases/0138****5678")
        XCTAssertEqual(Masking.mask("/v1/cases/00813812345678"), "/v1/cases/008*********78", "no dialling prefix, but a mobile number in it")
        XCTAssertEqual(Masking.mask("/v1/cases/0013812345678"), "/v1/cases/00138****5678")
        XCTAssertEqual(Masking.mask("BC-2025-0922-001 138-1234-56789"), "BC-2025-0922-001 138-1234-56789", "not a 3-4-4 group")
        XCTAssertEqual(Masking.mask("SZHY-2025-0922-047"), "SZHY-2025-0922-047")
        XCTAssertEqual(Masking.mask("/v1/cases/0138-1234-5678 and +86 138 1234 5678"), "/v1/cases/0138-****-5678 and +86 138 **** 5678")
        XCTAssertEqual(Masking.mask("2138-1234-5678"), "2138-1234-5678", "a digit that is no prefix")
        // Spaces encoded in a path are grouping too, masked before they are encoded again for the log line.
        XCTAssertEqual(Masking.loggablePath("/v1/cases/138%201234%205678"), "/v1/cases/138%20****%205678")
        XCTAssertEqual(Masking.loggablePath("/v1/cases/%2B86%20138%201234%205678"), "/v1/cases/+86%20138%20****%205678")
    }

    /// A number beside other digits (a case id of a date and an ID, an ID
    /// and a sequence number), in full-width digits, or percent-encoded
    /// beside a byte that is not UTF-8, is masked all the same.
    func testNumbersAmongOtherCharactersAreMasked() {
        XCTAssertEqual(Masking.mask("/v1/cases/11010519491231002X01/actions"), "/v1/cases/110***************01/actions")
        XCTAssertEqual(Masking.mask("case=2026120111010519491231002X"), "case=202*********************2X")
        XCTAssertEqual(Masking.mask("case=138123456780"), "case=138*******80")
        XCTAssertEqual(Masking.mask("cases=11010519491231002X01,BC-1"), "cases=110***************01,BC-1")
        XCTAssertEqual(Masking.mask("/v1/cases/１３８１２３４５６７８"), "/v1/cases/１３８****５６７８")
        XCTAssertEqual(Masking.mask("１１０１０５１９４９１２３１００２Ｘ"), "１１０１０５１９４９１２３１００２Ｘ".prefix(4) + "************" + "２Ｘ")
        XCTAssertEqual(Masking.mask("１３８-１２３４-５６７８"), "１３８-****-５６７８")
        XCTAssertEqual(Masking.loggablePath("/v1/cases/%31%33%38%31%32%33%34%35%36%37%38%FF"), "/v1/cases/138****5678%FF")
        XCTAssertEqual(Masking.loggablePath("/v1/cases/%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98"), "/v1/cases/１３８****５６７８")
        XCTAssertEqual(Masking.loggablePath("/v1/x%C0%AF%E0%80"), "/v1/x%C0%AF%E0%80", "bytes that are not UTF-8 stay encoded")
        // Shorter runs and ordinary ids are left alone.
        XCTAssertEqual(Masking.mask("BC-20261201-0001 v12"), "BC-20261201-0001 v12")
        XCTAssertEqual(Masking.mask("2026120100"), "2026120100")
    }

    /// A token's secret pasted into a URL is logged as the id it belongs to.
    func testTokenSecretsAreMasked() {
        let secret = "shp_-02HuLNnAXCdkguZMe7hUMBU_EWB8t-N4i4zHtFatSY"
        let id = TokenStore.id(ofSecret: secret)
        XCTAssertEqual(Masking.loggablePath("/v1/tokens/" + secret), "/v1/tokens/shp_***(\(id))")
        XCTAssertEqual(Masking.mask("no active token \(secret), again \(secret)."), "no active token shp_***(\(id)), again shp_***(\(id)).")
        XCTAssertEqual(Masking.mask("shp"), "shp")
        XCTAssertEqual(Masking.loggablePath("/v1/tokens/shp%5F-02HuLNnAXCd%zz"), "/v1/tokens/shp_***(\(TokenStore.id(ofSecret: "shp_-02HuLNnAXCd")))%zz")
        XCTAssertEqual(Masking.loggablePath("/v1/tokens/shp%5F-02HuLNnAXCd%FF"), "/v1/tokens/shp_***(\(TokenStore.id(ofSecret: "shp_-02HuLNnAXCd")))%FF")
    }

    /// A path cannot break the request log's line or forge an entry: what
    /// decodes to a control, format or space character stays encoded.
    func testLoggedPathsStayOnOneLine() {
        XCTAssertEqual(Masking.loggablePath("/v1/cases/%E5%8A%9E-1"), "/v1/cases/办-1")
        XCTAssertEqual(Masking.loggablePath("/v1/x%0d%0a2026-11-30T04:59:59+0000%20error%20FORGED"), "/v1/x%0D%0A2026-11-30T04:59:59+0000%20error%20FORGED")
        XCTAssertEqual(Masking.loggablePath("/v1/x%1b[31m%00%e2%80%a8%e2%80%8b"), "/v1/x%1B[31m%00%E2%80%A8%E2%80%8B")
        XCTAssertEqual(Masking.loggablePath("/v1/cases/110105194912310021%0A"), "/v1/cases/1101************21%0A")
        XCTAssertEqual(Masking.loggablePath("/v1/x%zz"), "/v1/x%zz", "not decodable: as sent")
    }
}
