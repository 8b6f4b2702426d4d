import ShenpiLanguage
import ShenpiSyntax

/// `route-without-otherwise`: a route's last entry must be `otherwise`, so a
/// case that matches no condition still goes somewhere instead of stopping;
/// an `otherwise` before the end makes the entries after it dead.
public struct RouteWithoutOtherwiseRule: Rule {
    public let id = "route-without-otherwise"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for entry in c.index.steps {
            guard case .route(let arms) = entry.step.kind else { continue }
            if let i = arms.firstIndex(where: \.isOtherwise), i != arms.count - 1 {
                out.append(c.diagnostic(id, .error, "\"otherwise\" must be the last entry of route \"\(entry.step.id.value)\"; the entries after it can never be taken", at: arms[i].range))
            } else if !(arms.last?.isOtherwise ?? false) {
                out.append(c.diagnostic(id, .error, "route \"\(entry.step.id.value)\" has no \"otherwise\" entry; a case that matches no condition would stop here", at: entry.step.id.range))
            }
        }
        return out
    }
}
