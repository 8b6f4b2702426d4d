import ShenpiSyntax

extension WorkflowDecoder {
    static let guideKeys = LanguageKeys.guide.keys

    mutating func decodeGuide(_ node: Node) -> Guide {
        var g = Guide()
        guard let f = r.mapping(node, what: "\"guide\"", keys: Self.guideKeys) else { return g }
        g.itemType = r.text(f["item-type"])?.value
        g.body = r.text(f["body"])?.value
        g.legalBasis = textList(f["legal-basis"])
        g.conditions = textList(f["conditions"])
        g.visits = r.integer(f["visits"], minimum: 0)?.value
        g.place = r.text(f["place"])?.value
        g.hours = r.text(f["hours"])?.value
        if let e = f["codes"], let c = r.mapping(e.value, what: "\"codes\"", keys: LanguageKeys.codes.keys) {
            g.basicCode = r.text(c["basic"])?.value
            g.implementationCode = r.text(c["implementation"])?.value
        }
        if let e = f["fee"] {
            if case .scalar = e.value {
                g.fee = r.text(e).map { Guide.Fee(text: $0.value) }
            } else if let c = r.mapping(e.value, what: "\"fee\"", keys: LanguageKeys.fee.keys, required: LanguageKeys.fee.required) {
                g.fee = Guide.Fee(amount: r.amount(c["amount"]), unit: r.text(c["unit"])?.value, basis: r.text(c["basis"])?.value)
            }
        }
        if let e = f["result"], let c = r.mapping(e.value, what: "\"result\"", keys: LanguageKeys.result.keys, required: LanguageKeys.result.required) {
            g.resultTitle = r.text(c["title"])?.value
            g.resultType = r.text(c["type"])?.value
        }
        if let e = f["delivery"] {
            for item in r.list(e) {
                guard let way = r.choice(item, key: "delivery", as: Guide.Delivery.self) else { continue }
                // The guide would list it twice.
                guard !g.delivery.contains(way.value) else {
                    r.report(RuleID.invalidValue, "\"\(way.value.rawValue)\" is listed twice in \"delivery\"", at: way.range)
                    continue
                }
                g.delivery.append(way.value)
            }
        }
        if let e = f["contacts"], let c = r.mapping(e.value, what: "\"contacts\"", keys: LanguageKeys.contacts.keys) {
            g.enquiryPhone = r.text(c["enquiry"])?.value
            g.complaintPhone = r.text(c["complaint"])?.value
        }
        return g
    }

    /// A list of text lines; a single text is accepted as a list of one.
    mutating func textList(_ entry: MappingEntry?) -> [String] {
        guard let entry else { return [] }
        if case .scalar = entry.value { return r.text(entry).map { [$0.value] } ?? [] }
        return r.list(entry).compactMap { r.text($0, key: entry.key.value)?.value }
    }
}
