import Foundation
import ShenpiLanguage
import ShenpiMachine
import ShenpiRender
import ShenpiRules
import ShenpiStore

/// A flow as the API lists it.
struct FlowView: Encodable {
    struct Step: Encodable {
        var id: String
        var title: String
        var kind: String
        var role: String?
        var department: String?
        var limit: String?
        var fourEyes: Bool?
        var decisions: [String]?
        /// How the public reads each decision (`decision-titles`, a decision's `title`), from the flow file; absent without any.
        var decisionTitles: [String: String]?
    }
    struct Material: Encodable {
        var id: String
        var title: String
        var requirement: String
        /// The condition under which the material is required, as written in the flow.
        var when: String?
        var forms: [String]
        var copies: Int
        var source: String
    }
    struct Field: Encodable {
        var id: String
        /// The field's title in the flow file (the machine keeps no titles), for a form's label.
        var title: String?
        var type: String
        var values: [String]?
        /// An enum's `value-titles` (`residential` → 住宅), for a form's choices; absent without any.
        var valueTitles: [String: String]?
        var required: Bool
        var minimum: Double?
        var maximum: Double?
    }
    struct Version: Encodable {
        var version: Int
        var fingerprint: String
        var serving: Bool
    }

    struct ExtensionLimit: Encodable {
        var max: String
        var by: String?
        var times: Int?
    }

    var id: String
    var title: String
    var department: String
    var kind: String
    var calendar: String
    var version: Int
    var fingerprint: String
    var legalLimit: String?
    var promisedLimit: String?
    /// `limits.extension` (Art. 42): `{max, by, times}`; `max` "0 workdays" and no `by` for `none`.
    var extensionLimit: ExtensionLimit?
    var steps: [Step]?
    var materials: [Material]?
    var fields: [Field]?
    var outcomes: [String]?
    /// The flow's fees: `amount` as written (a number or an expression over the fields).
    var fees: [Fee]?
    var versions: [Version]?

    struct Fee: Encodable {
        var id: String
        var title: String
        var amount: String
        var basis: String?
    }

    init(_ machine: Machine, catalog: FlowCatalog, detailed: Bool, deployments: [Deployment] = []) {
        id = machine.workflow
        title = machine.title
        department = machine.department
        kind = machine.kind.rawValue
        calendar = machine.calendar
        version = machine.version
        fingerprint = machine.fingerprint
        legalLimit = machine.limits.legal?.description
        promisedLimit = machine.limits.promised?.description
        extensionLimit = machine.limits.extensionAllowance.map {
            ExtensionLimit(max: $0.max.description, by: $0.by, times: $0.times)
        }
        guard detailed else { return }
        // What the machine keeps no words for comes from the flow file, when it is the one serving.
        let source = catalog.flows[machine.workflow].flatMap { $0.machine.fingerprint == machine.fingerprint ? $0.checked.flow : nil }
        let flowDecisionTitles = Dictionary((source?.decisionTitles ?? []).map { ($0.value.value, $0.title) }, uniquingKeysWith: { a, _ in a })
        var stepDecisionTitles: [String: [String: String]] = [:]
        for entry in source.map({ FlowIndex($0).steps }) ?? [] {
            guard let task = entry.step.task else { continue }
            var titles: [String: String] = [:]
            for d in task.decisions { if let t = d.title?.value ?? flowDecisionTitles[d.name.value] { titles[d.name.value] = t } }
            if !titles.isEmpty { stepDecisionTitles[entry.step.id.value] = titles }
        }
        steps = machine.nodes.map { node in
            switch node.kind {
            case .task(let t):
                return Step(id: node.id, title: node.title, kind: "task", role: t.role, department: catalog.roleDepartments[t.role],
                            limit: t.limit?.description, fourEyes: t.fourEyes, decisions: t.transitions.map(\.name),
                            decisionTitles: stepDecisionTitles[node.id])
            case .parallel: return Step(id: node.id, title: node.title, kind: "parallel")
            case .route: return Step(id: node.id, title: node.title, kind: "route")
            case .wait(let limit, _): return Step(id: node.id, title: node.title, kind: "wait", limit: limit.description)
            case .call: return Step(id: node.id, title: node.title, kind: "call")
            }
        }
        materials = machine.materials.map {
            Material(id: $0.id, title: $0.title, requirement: $0.requirement,
                     when: $0.condition.flatMap { $0 < machine.expressions.count ? machine.expressions[$0] : nil },
                     forms: $0.forms, copies: $0.copies, source: $0.source)
        }
        var titles: [String: String] = [:]
        var valueTitles: [String: [String: String]] = [:]
        for f in source?.fields ?? [] {
            if let title = f.title?.value { titles[f.id.value] = title }
            if !f.valueTitles.isEmpty {
                valueTitles[f.id.value] = Dictionary(f.valueTitles.map { ($0.value.value, $0.title) }, uniquingKeysWith: { a, _ in a })
            }
        }
        fields = machine.fields.map {
            Field(id: $0.id, title: titles[$0.id], type: $0.type, values: $0.values, valueTitles: valueTitles[$0.id], required: $0.required,
                  minimum: $0.minimum, maximum: $0.maximum)
        }
        outcomes = machine.outcomes.map(\.id)
        fees = machine.fees.map { list in
            list.map { Fee(id: $0.id, title: $0.title, amount: $0.amount < machine.expressions.count ? machine.expressions[$0.amount] : "",
                           basis: $0.basis) }
        }
        versions = deployments.filter { $0.workflow == machine.workflow }.map {
            Version(version: $0.version, fingerprint: $0.fingerprint, serving: $0.fingerprint == machine.fingerprint)
        }
    }
}

extension API {
    func flow(_ c: RequestContext) throws -> FlowCatalog.Flow {
        guard let flow = catalog.flows[c.param("flow")] else { throw APIError.notFound("no flow \(c.param("flow"))") }
        return flow
    }

    func listFlows(_ c: RequestContext) throws -> APIResponse {
        let catalog = self.catalog
        let views = catalog.flows.keys.sorted().map { FlowView(catalog.flows[$0]!.machine, catalog: catalog, detailed: false) }
        return .json(200, ["flows": views])
    }

    func readFlow(_ c: RequestContext) throws -> APIResponse {
        let flow = try flow(c)
        return .json(200, FlowView(flow.machine, catalog: catalog, detailed: true, deployments: try engine.deployments()))
    }

    /// `?format=mermaid` (default) or `dot`.
    func flowDiagram(_ c: RequestContext) throws -> APIResponse {
        let flow = try flow(c)
        let format = c.request.query["format"] ?? "mermaid"
        guard let graph = GraphFormat(rawValue: format), graph != .svg else {
            throw APIError(400, "bad-query", "format must be mermaid or dot", field: "format")
        }
        let text = try GraphRenderer(flow: flow.checked.flow, registry: flow.checked.catalog.registry, catalog: flow.checked.catalog).render(graph, graphviz: nil)
        return .text(200, text, contentType: graph == .mermaid ? "text/vnd.mermaid; charset=utf-8" : "text/vnd.graphviz; charset=utf-8")
    }

    /// The public service guide (办事指南): `?format=markdown` (default) or `html`.
    func flowGuide(_ c: RequestContext) throws -> APIResponse {
        let flow = try flow(c)
        guard let page = flow.guide else { throw APIError.notFound("flow \(flow.machine.workflow) has no published guide") }
        switch c.request.query["format"] ?? "markdown" {
        case "markdown": return .text(200, GuideMarkdown.page(page), contentType: "text/markdown; charset=utf-8")
        case "html": return .text(200, GuideHTML.page(page), contentType: "text/html; charset=utf-8")
        default: throw APIError(400, "bad-query", "format must be markdown or html", field: "format")
        }
    }

    /// Flags only, no disk access: a moved store is found by the timer loop's
    /// pass or a refused write, not by the probe.
    func health() -> APIResponse {
        let status = !ready.value ? "stopping" : engine.database.file?.moved != nil ? "store-moved" : "ok"
        return .json(status == "ok" ? 200 : 503, ["status": status])
    }

    func metrics() -> APIResponse {
        .text(200, metricsText?() ?? "", contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    func me(_ c: RequestContext) throws -> APIResponse {
        .json(200, TokenView(try c.user.principal, effectiveRoles: try c.user.roles))
    }
}
