/// The head of a flow written by the sub-case tests, up to its steps: one
/// field, `site`, which a call hands on to the flow it calls.
enum SubcaseFlowHead {
    static func text(_ id: String, limit: String, siteRequired: Bool = true) -> String {
        """
        workflow: \(id)
        version: 1
        title: \(id)
        department: center
        kind: promised
        calendar: cn
        limits: { legal: \(limit), promised: \(limit) }
        fields:
          - { id: site, title: 核查地址, type: string, required: \(siteRequired) }

        """
    }
}
