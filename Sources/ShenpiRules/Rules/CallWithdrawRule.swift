import ShenpiLanguage
import ShenpiSyntax

/// `call-withdraw`: a call step's sub-case is withdrawn when the call is
/// cancelled — this case withdrawn or refused, or the call's branch
/// cancelled by a refusal or a join that fired without it (runtime.md,
/// "sub-cases") — but only a flow with an outcome of kind `withdrawn` can
/// be withdrawn. Otherwise the sub-case stays in its officers' queues,
/// worked for nothing, and its outcome is ignored.
public struct CallWithdrawRule: Rule {
    public let id = "call-withdraw"
    public init() {}

    public func check(_ c: RuleContext) -> [Diagnostic] {
        c.index.steps.compactMap { entry in
            guard case .call(let call) = entry.step.kind, let called = c.catalog.flows[call.flow.value]?.first,
                call.flow.value != c.flow.id?.value, !called.withdrawable
            else { return nil }
            return c.diagnostic(id, .warning,
                "\"\(call.flow.value)\" has no outcome of kind withdrawn: when the call of step \"\(entry.step.id.value)\" is cancelled (this case withdrawn or refused, or its branch cancelled), its sub-case keeps running and its outcome is ignored",
                at: call.flow.range,
                notes: [DiagnosticNote("add an outcome with `kind: withdrawn` to \"\(call.flow.value)\" and map it in this call")])
        }
    }
}
