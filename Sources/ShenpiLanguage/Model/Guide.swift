import ShenpiSyntax

/// The service-item elements a public guide (办事指南) needs (Art. 30).
public struct Guide: Sendable, Hashable {
    public enum Delivery: String, Sendable, Hashable, CaseIterable {
        case window
        case mail
        case online
    }

    public struct Fee: Sendable, Hashable {
        /// Free text such as 不收费, or the amount with its unit and basis.
        public var text: String?
        public var amount: Double?
        public var unit: String?
        public var basis: String?

        public init(text: String? = nil, amount: Double? = nil, unit: String? = nil, basis: String? = nil) {
            self.text = text
            self.amount = amount
            self.unit = unit
            self.basis = basis
        }
    }

    public var itemType: String?
    public var basicCode: String?
    public var implementationCode: String?
    public var body: String?
    public var legalBasis: [String] = []
    public var conditions: [String] = []
    public var visits: Int?
    public var place: String?
    public var hours: String?
    public var fee: Fee?
    public var resultTitle: String?
    public var resultType: String?
    public var delivery: [Delivery] = []
    public var enquiryPhone: String?
    public var complaintPhone: String?

    public init() {}
}
