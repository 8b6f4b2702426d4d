import Foundation
import ShenpiCalendar
import ShenpiEngine

/// A JSON value printed with sorted keys and two-space indentation, so the
/// same report always gives the same bytes.
enum ReportJSON {
    case object([String: ReportJSON])
    case array([ReportJSON])
    case string(String)
    case int(Int)
    /// A rate, printed with four decimals (`0.7500`).
    case rate(Double)
    case bool(Bool)
    case null

    static func optional(_ s: String?) -> ReportJSON { s.map { .string($0) } ?? .null }
    static func instant(_ t: Instant?) -> ReportJSON { t.map { .string($0.description) } ?? .null }
    static func rate(_ r: Double?) -> ReportJSON { r.map { .rate($0) } ?? .null }

    func render(_ indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.keys.sorted().map { "\(inner)\(Self.quote($0)): \(members[$0]!.render(inner))" }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.render(inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .string(let s): return Self.quote(s)
        case .int(let n): return String(n)
        case .rate(let x): return String(format: "%.4f", x)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

extension SupervisionReport {
    /// The report as JSON (stable keys; documented in docs/store.md).
    public var json: String { jsonValue.render() + "\n" }

    var jsonValue: ReportJSON {
        .object([
            "period": .object(["from": .optional(from?.description), "to": .optional(to?.description)]),
            "at": .instant(at),
            "untouchedAfter": .string(untouchedAfter.description),
            "followUpWithin": .string(followUpWithin.description),
            "submitted": .int(submitted),
            "submittedSubcases": .int(submittedSubcases),
            "accepted": .int(accepted),
            "acceptedSubcases": .int(acceptedSubcases),
            "completed": .int(completed),
            "withdrawn": .int(withdrawn),
            "completionRate": .rate(completionRate),
            "judged": .int(judged),
            "onTime": .int(onTime),
            "onTimeRate": .rate(onTimeRate),
            "ratings": .object([
                "count": .int(ratings.count), "satisfied": .int(ratings.satisfied), "negative": .int(ratings.negative),
                "followedUp": .int(ratings.followedUp), "followUpOverdue": .int(ratings.followUpOverdue),
                "satisfactionRate": .rate(ratings.satisfactionRate),
                "byLevel": .object(Dictionary(uniqueKeysWithValues: (1...5).map { (String($0), ReportJSON.int(ratings.byLevel[$0 - 1])) })),
            ]),
            "negativeRatings": .array(negativeRatings.map { json($0) }),
            "earlierOpenFollowUps": .array(earlierOpenFollowUps.map { json($0) }),
            "earlierClosedFollowUps": .array(earlierClosedFollowUps.map { json($0) }),
            "unanswered": .array(unanswered.map {
                .object(["case": .string($0.caseID), "parent": .optional($0.parent), "workflow": .string($0.workflow), "department": .string($0.department),
                         "receivedAt": .instant($0.receivedAt), "step": .string($0.step), "role": .optional($0.role), "due": .instant($0.due)])
            }),
            "untouched": .array(untouched.map {
                .object(["case": .string($0.caseID), "parent": .optional($0.parent), "workflow": .string($0.workflow), "department": .string($0.department),
                         "acceptedAt": .instant($0.acceptedAt), "deemed": .bool($0.deemed), "untouchedSince": .instant($0.untouchedSince),
                         "waitingAt": Self.json($0.waitingAt)])
            }),
            "overdue": .array(overdue.map(Self.json)),
            "pastLegalLimit": .array(pastLegalLimit.map(Self.json)),
            "nearLegalLimit": .array(nearLegalLimit.map(Self.near)),
            "longProcedures": .array(longProcedures.map(Self.json)),
            "warning": .array(warning.map(Self.json)),
            "departments": .array(departments.map { Self.json($0, key: "department") }),
            "workflows": .array(workflows.map { Self.json($0, key: "workflow") }),
            "callback": .object([
                "day": .string(callback.day.description), "seed": .string(String(callback.seed)),
                "served": .int(callback.served), "sampleSize": .int(callback.sample.count), "withoutPhone": .int(callback.withoutPhone),
                "reached": .int(callback.reached), "dissatisfied": .int(callback.dissatisfied), "unreachable": .int(callback.unreachable),
                "notCalled": .int(callback.notCalled),
                "sample": .array(callback.sample.map(Self.json)),
            ]),
            "callbackDays": .array(callbackDays.map(Self.json)),
            "callbackTotals": callbackTotalsJSON,
            "dissatisfiedCallbacks": .array(dissatisfiedCallbacks.map(dissatisfied)),
            "earlierOpenCallbacks": .array(earlierOpenCallbacks.map(dissatisfied)),
            "earlierClosedCallbacks": .array(earlierClosedCallbacks.map(dissatisfied)),
            "finished": .object(["completed": .int(finished.completed), "acceptedBefore": .int(finished.acceptedBefore), "subcases": .int(finished.subcases),
                                 "withdrawn": .int(finished.withdrawn), "judged": .int(finished.judged), "onTime": .int(finished.onTime),
                                 "onTimeRate": .rate(finished.onTimeRate)]),
            "lateAcceptedBefore": .array(lateAcceptedBefore.map(Self.json)),
            "earlierRunning": .array(earlierRunning.map(Self.json)),
            "lateSteps": .array(lateSteps.map(Self.json)),
            "lateStepsByRole": Self.json(lateStepsByRole, key: "role"),
            "lateStepsByDepartment": Self.json(lateStepsByDepartment, key: "department"),
            "unreadable": .array(unreadable.map { .string($0) }),
        ])
    }

    func json(_ r: RatedCase) -> ReportJSON {
        let followUp: ReportJSON = r.followUp.map { result in
            .object(["result": .string(result.rawValue), "at": .instant(r.followedUpAt), "by": .optional(r.followedUpBy),
                     "comment": .optional(r.followUpComment)])
        } ?? .null
        let callback: ReportJSON = r.callback.map { result in
            .object(["result": .string(result.rawValue), "at": .instant(r.calledBackAt), "by": .optional(r.calledBackBy),
                     "comment": .optional(r.callbackComment)])
        } ?? .null
        return .object(["case": .string(r.caseID), "parent": .optional(r.parent), "workflow": .string(r.workflow), "department": .string(r.department),
                        "level": .int(r.level), "comment": .optional(r.comment), "ratedAt": .instant(r.ratedAt),
                        "followUpDue": .instant(r.followUpDue), "followUp": followUp, "followUpLate": .bool(r.followUpLate(at: at)),
                        "reopened": .bool(r.reopened), "firstFollowedUpAt": .instant(r.firstFollowedUpAt), "followUpCount": .int(r.followUpCount),
                        "callback": callback])
    }

    static func json(_ c: ClockedCase) -> ReportJSON {
        .object(["case": .string(c.caseID), "parent": .optional(c.parent), "workflow": .string(c.workflow), "department": .string(c.department),
                 "acceptedAt": .instant(c.acceptedAt), "warnAt": .instant(c.warnAt), "due": .instant(c.due),
                 "finishedAt": .instant(c.finishedAt), "running": .bool(c.isRunning), "withdrawn": .bool(c.withdrawn),
                 "waitingAt": json(c.waitingAt)])
    }

    static func json(_ e: CallbackEntry) -> ReportJSON {
        let result: ReportJSON = e.callback.map { r in
            .object(["result": .string(r.rawValue), "at": .instant(e.calledBackAt), "by": .optional(e.calledBackBy),
                     "comment": .optional(e.callbackComment), "attempts": .int(e.attempts)])
        } ?? .null
        return .object(["case": .string(e.caseID), "workflow": .string(e.workflow), "outcome": .string(e.outcome),
                        "finishedAt": .instant(e.finishedAt), "phone": .optional(e.phone), "callback": result])
    }

    /// A sample's entry, with what came of the dissatisfied call.
    func dissatisfied(_ e: CallbackEntry) -> ReportJSON {
        guard case .object(var fields) = Self.json(e) else { return Self.json(e) }
        fields["followUpDue"] = .instant(e.followUpDue)
        fields["followUp"] = e.followUp.map { result in
            .object(["result": .string(result.rawValue), "at": .instant(e.followedUpAt), "by": .optional(e.followedUpBy),
                     "comment": .optional(e.followUpComment)])
        } ?? .null
        fields["followUpLate"] = .bool(e.followUpLate(at: at))
        fields["firstFollowedUpAt"] = .instant(e.firstFollowedUpAt)
        fields["followUpCount"] = .int(e.followUpCount)
        fields["callbackAfterFollowUp"] = e.callbackAfter.map { result in
            .object(["result": .string(result.rawValue), "at": .instant(e.calledBackAfterAt), "by": .optional(e.calledBackAfterBy),
                     "comment": .optional(e.callbackAfterComment)])
        } ?? .null
        fields["reopened"] = .bool(e.reopened)
        fields["negativeRating"] = .bool(e.negativeRating)
        return .object(fields)
    }

    static func json(_ steps: [WaitingStep]) -> ReportJSON {
        .array(steps.map { .object(["step": .string($0.step), "role": .optional($0.role), "awaitingApplicant": .bool($0.awaitingApplicant)]) })
    }

    /// `  在办 review（market-reviewer）`, or `  在办` when it waits nowhere known.
    static func running(_ steps: [WaitingStep]) -> String {
        steps.isEmpty ? "在办" : "在办 " + steps.map(\.text).joined(separator: "、")
    }

    static func json(_ b: Breakdown, key: String) -> ReportJSON {
        .object([key: .string(b.key), "accepted": .int(b.accepted), "completed": .int(b.completed), "withdrawn": .int(b.withdrawn),
                 "completionRate": .rate(b.completionRate), "judged": .int(b.judged), "onTime": .int(b.onTime),
                 "onTimeRate": .rate(b.onTimeRate), "overdue": .int(b.overdue), "warning": .int(b.warning),
                 "untouched": .int(b.untouched), "unanswered": .int(b.unanswered), "negative": .int(b.negative),
                 "followUpOverdue": .int(b.followUpOverdue), "dissatisfied": .int(b.dissatisfied), "dissatisfiedOverdue": .int(b.dissatisfiedOverdue),
                 "finished": .int(b.finished), "finishedJudged": .int(b.finishedJudged),
                 "finishedOnTime": .int(b.finishedOnTime), "pastLegal": .int(b.pastLegal)])
    }
}

extension SupervisionReport {

    static func unitWords(_ limit: TimeLimit) -> String {
        limit.unit == .workdays ? "个工作日" : limit.unit == .days ? "个自然日" : "小时"
    }

    /// A 差评's line: the rating, then its follow-up or how late it is.
    func rated(_ r: RatedCase, _ t: (Instant?) -> String, _ d: (Instant?) -> String) -> String {
        let state: String
        if let result = r.followUp {
            state = "\(result.title) \(t(r.followedUpAt))" + (r.followedUpBy.map { "（\($0)）" } ?? "")
                + (r.followUpCount > 1 ? "，第 \(r.followUpCount) 次（前次回访不满意）" : "") + (r.followUpLate(at: at) ? "，超时" : "")
                + (r.followUpComment.map { "：“\(TemplateRenderer.oneLine($0))”" } ?? "")
        } else {
            state = r.followUpLate(at: at) ? "逾期未整改反馈" : "待整改反馈"
        }
        var callback = r.callback.map { "；回访\($0.title) \(t(r.calledBackAt))" + (r.calledBackBy.map { "（\($0)）" } ?? "") } ?? ""
        if let said = r.callbackComment, r.callback == .dissatisfied { callback += "：“\(TemplateRenderer.oneLine(said))”" }
        if r.reopened { callback += "，待再次整改反馈" }
        return "  \(r.caseID)\(Self.subcase(r.parent))  \(r.department)  \(r.workflow)  \(r.level) \(Rating.title(level: r.level))  评价于 \(t(r.ratedAt))"
            + (r.comment.map { "  “\(TemplateRenderer.oneLine($0))”" } ?? "") + "  反馈时限 \(d(r.followUpDue))  \(state)" + callback
    }

    /// `（子办件，属 BDC-1）` after a sub-case's id.
    static func subcase(_ parent: String?) -> String { parent.map { "（子办件，属 \($0)）" } ?? "" }

    /// The report for people, with Chinese labels.
    public var text: String {
        func pct(_ r: Double?) -> String { r.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func t(_ i: Instant?) -> String { i?.shortDescription ?? "—" }
        func d(_ i: Instant?) -> String { i?.deadlineDescription ?? "—" }
        // A start at a day's beginning (a warning) reads as that day.
        func s(_ i: Instant?) -> String { i.map { $0.secondOfDay == 0 ? $0.date.description : $0.shortDescription } ?? "—" }
        let period = from == nil && to == nil ? "全部" : "\(from?.description ?? "…") 至 \(to?.description ?? "…")"
        var out: [String] = []
        out.append("政务服务督查报告  \(period)  统计时点 \(t(at))")
        if !unreadable.isEmpty {
            out.append("未计入 \(unreadable.count) 件（快照或日志无法解码，请运行 shenpi audit verify）：\(unreadable.joined(separator: "、"))")
        }
        out.append("")
        let ofWhich = acceptedSubcases > 0 ? "（含子办件 \(acceptedSubcases) 件）" : ""
        let submittedOfWhich = submittedSubcases > 0 ? "（含子办件 \(submittedSubcases) 件）" : ""
        let withdrawals = withdrawn > 0 ? "，撤回 \(withdrawn) 件（不计入办结率）" : ""
        out.append("申请 \(submitted) 件\(submittedOfWhich)，受理 \(accepted) 件\(ofWhich)，办结 \(completed) 件\(withdrawals)，办结率 \(pct(completionRate))")
        out.append("按时办结率 \(pct(onTimeRate))（\(onTime)/\(judged)，按办结时判定）")
        if from != nil {
            let w = finished.withdrawn > 0 ? "，撤回 \(finished.withdrawn) 件" : ""
            let sub = finished.subcases > 0 ? "、子办件 \(finished.subcases) 件" : ""
            out.append("本期办结 \(finished.completed) 件（含统计期前受理 \(finished.acceptedBefore) 件\(sub)）\(w)，"
                       + "按时办结率 \(pct(finished.onTimeRate))（\(finished.onTime)/\(finished.judged)）")
        }
        let levels = (1...5).reversed().map { "\($0)分 \(ratings.byLevel[$0 - 1])" }.joined(separator: " · ")
        out.append("好差评 \(ratings.count) 条，满意率 \(pct(ratings.satisfactionRate))（满意 \(ratings.satisfied)，差评 \(ratings.negative)；\(levels)）")

        out.append("")
        let within = "\(followUpWithin.amount) \(Self.unitWords(followUpWithin))"
        let open = negativeRatings.count - ratings.followedUp
        out.append("差评整改反馈（评价后 \(within)内）：\(negativeRatings.count) 件，已反馈 \(ratings.followedUp) 件，待反馈 \(open) 件；"
                   + "超时 \(ratings.followUpOverdue) 件（含超时反馈）")
        for r in negativeRatings { out.append(rated(r, t, d)) }
        if from != nil {
            let late = earlierOpenFollowUps.filter { $0.followUpLate(at: at) }.count
            out.append("统计期前的差评仍待整改反馈：\(earlierOpenFollowUps.count) 件（超时 \(late) 件）")
            for r in earlierOpenFollowUps { out.append(rated(r, t, d)) }
            out.append("统计期前的差评本期整改反馈：\(earlierClosedFollowUps.count) 件")
            for r in earlierClosedFollowUps { out.append(rated(r, t, d)) }
        }
        out.append("逾期未受理（收件后超过受理时限，仍未作出受理、补正告知或不予受理决定）：\(unanswered.count) 件")
        for u in unanswered {
            out.append("  \(u.caseID)\(Self.subcase(u.parent))  \(u.workflow)  收件 \(t(u.receivedAt))  \(WaitingStep(step: u.step, role: u.role.map { r in roleTitles[r].map { "\($0) \(r)" } ?? r }).text) 时限 \(d(u.due))  未答复")
        }
        out.append("只受不理（受理后 \(untouchedAfter.amount) \(Self.unitWords(untouchedAfter))无人办理）：\(untouched.count) 件")
        for u in untouched {
            out.append("  \(u.caseID)\(Self.subcase(u.parent))  \(u.workflow)  受理 \(t(u.acceptedAt))\(u.deemed ? "（视为受理）" : "")  至 \(d(u.untouchedSince)) 期满仍无人办理"
                       + (u.waitingAt.isEmpty ? "" : "，" + Self.running(u.waitingAt)))
        }
        out += longProceduresText(t, d)
        out.append("逾期（红灯）：\(overdue.count) 件")
        for c in overdue {
            let end = c.finishedAt.map { c.withdrawn ? "已撤回 \(t($0))（超期后撤回）" : "已办结 \(t($0))（超期办结）" } ?? Self.running(c.waitingAt)
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  时限 \(d(c.due))  " + end)
        }
        out += pastLegalLimitText(t, d)
        out += nearLegalLimitText(t, d, s)
        if from != nil {
            out.append("统计期前受理、本期超期办结：\(lateAcceptedBefore.count) 件")
            for c in lateAcceptedBefore {
                let end = c.withdrawn ? "已撤回 \(t(c.finishedAt))（超期后撤回）" : "已办结 \(t(c.finishedAt))（超期办结）"
                out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  受理 \(t(c.acceptedAt))  时限 \(d(c.due))  " + end)
            }
            out += earlierRunningText(t, d, s)
        }
        out.append("临近时限（黄灯）：\(warning.count) 件")
        for c in warning {
            out.append("  \(c.caseID)\(Self.subcase(c.parent))  \(c.workflow)  预警 \(s(c.warnAt)) 起  时限 \(d(c.due))  " + Self.running(c.waitingAt))
        }
        out += lateStepsText(t, d)

        for (title, rows) in [("按部门", departments), ("按事项", workflows)] where !rows.isEmpty {
            out.append("")
            out.append("\(title)：")
            for b in rows {
                // A department by its registry title where the report was given one (`--registry`).
                let name = b.key.isEmpty ? "（未知）" : title == "按部门" ? departmentTitles[b.key].map { "\($0)（\(b.key)）" } ?? b.key : b.key
                out.append("  \(name)  受理 \(b.accepted)  办结 \(b.completed)"
                           + (b.withdrawn > 0 ? "  撤回 \(b.withdrawn)" : "") + "  按时 \(b.onTime)/\(b.judged)"
                           + "  逾期 \(b.overdue)" + (b.pastLegal > 0 ? "  违法超期 \(b.pastLegal)（不限受理时间）" : "") + "  预警 \(b.warning)  只受不理 \(b.untouched)"
                           + (b.unanswered > 0 ? "  逾期未受理 \(b.unanswered)" : "") + "  差评 \(b.negative)"
                           + (b.followUpOverdue > 0 ? "（超时未整改反馈 \(b.followUpOverdue)）" : "")
                           + (b.dissatisfied > 0 ? "  回访不满意 \(b.dissatisfied)" + (b.dissatisfiedOverdue > 0 ? "（超时未整改反馈 \(b.dissatisfiedOverdue)）" : "") : "")
                           + (from != nil ? "  本期办结 \(b.finished)（按时 \(b.finishedOnTime)/\(b.finishedJudged)）" : ""))
            }
        }

        out.append("")
        out += callbackDaysText()
        out.append("回访抽样 \(callback.day)（种子 \(callback.seed)）：当日办毕 \(callback.served) 人（含不予受理、撤回），抽取 \(callback.sample.count) 人（不少于 10%）"
                   + (callback.withoutPhone > 0 ? "；\(callback.withoutPhone) 人无联系电话，未参与抽取" : ""))
        if !callback.sample.isEmpty {
            out.append("  已回访 \(callback.reached) 人（不满意 \(callback.dissatisfied)），未接通 \(callback.unreachable) 人，未回访 \(callback.notCalled) 人")
        }
        for e in callback.sample {
            var result = "未回访"
            if let r = e.callback {
                result = "回访\(r.title) \(t(e.calledBackAt))" + (e.calledBackBy.map { "（\($0)）" } ?? "")
                    + (e.attempts > 1 ? "，第 \(e.attempts) 次" : "") + (e.callbackComment.map { "：“\(TemplateRenderer.oneLine($0))”" } ?? "")
            }
            out.append("  \(e.caseID)  \(e.workflow)  \(e.outcomeTitle ?? e.outcome)  办毕 \(t(e.finishedAt))" + (e.phone.map { "  电话 \($0)" } ?? "") + "  " + result)
        }
        return out.joined(separator: "\n") + "\n"
    }
}
