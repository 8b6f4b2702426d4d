/// The engine's behaviour revisions. A case runs its whole life under the
/// rules of the release it was submitted in (recorded in its `submitted`
/// event), as it runs on the flow version it started on: a stored case
/// replays, and `shenpi audit verify` re-runs its commands, exactly as they
/// were taken, while new cases get what later releases fixed.
///
/// - 1: every case submitted before the rules were recorded.
/// - 2: a flow's `pause:` held per parallel branch (overlapping pauses in two
///   branches both hold the clock; a branch cancelled or joined with its
///   pause still on releases it); a second request for supplement adds to
///   what is awaited instead of replacing it, and a `pause: supplement`
///   with it ends when the materials are in; the notice at the end of a
///   special procedure while a flow pause still holds says so; a warning
///   that falls on a non-working day turns on the next working day; a clock
///   resumed already inside its warning warns again; a step entered at
///   midnight by a timer counts that day as its first.
/// - 3: `{missing}` lists materials with `；` when a title holds `、` itself
///   (`董事、监事和经理的任职文件`), so one item does not read as several.
/// - 4: a sub-case's notices to the applicant name the application's number
///   (`{case.number}`, 受理编号 in the engine's own notices), not the sub-case's
///   internal id (`PT-1~deed-tax-collection~1`).
/// - 5: a callback that finds the applicant dissatisfied tells the flow's
///   `negative-rating-to` roles at once, as a 差评 does; a special procedure
///   begins at a step (recorded), whose role alone ends it while the step
///   is active, and several steps may run their own at once (also beside a
///   flow pause): the clocks run again when the last hold ends.
/// - 6: a decision that keeps the case at its step (an extension, an
///   expert review or a timeout's reminder back to the same step) leaves
///   the step's four-eyes reference as it was, so the officer who extended
///   may still decide it, and the one who decided before still may not.
/// - 7: a material some step produces (`produces:`) is never missing; a
///   decision straight to a granted or refused outcome accepts a case not
///   yet accepted (an immediate item decided at its only step is accepted
///   and finished at that instant, on time); the notice at the end of a
///   special procedure tells a limit that had run out as such, not as a
///   due date already past; a deemed acceptance is recorded in the law's
///   words, not with the decision's id.
/// - 8: a step clock starting while a special procedure begun at that step
///   still runs (the step entered again, its supplement come in) starts
///   stopped, and so does the clock of a step whose supplement comes in while
///   anything else stops the case clock (another branch's testing): under 7
///   they ran, warned and could time out mid-hearing; a special procedure
///   begun in a parallel branch its join cancels ends with it (under 7 it
///   held the case clock until someone ended it by hand); a sub-case's
///   outcome deciding its call step, and a sub-case withdrawn because its
///   parent no longer waits for it, are recorded as automatic; only the
///   engine's own move at midnight counts that day for a step clock it
///   starts or a clock it resumes, not an officer's command at 00:00; an
///   extension after the promise ran out extends the legal limit alone
///   (under 7 it was refused while the legal limit still ran).
/// - 9: a case clock running on a legal limit in calendar days (a flow
///   without a promise, `legal: 30 days`) whose last day is a day off ends
///   with the next working day, as the legal limit reckoned beside a promise
///   always did (民法典 Art. 203); under 8 it ended on the holiday. Free
///   text quoted in a notice (a comment, a reason) is on one line: a line
///   break an applicant typed no longer starts a line of an officer's SMS.
/// - 10: a due time within a day (a limit in hours) reads `2026-03-02 14:40`
///   in notices, not ISO 8601's `2026-03-02T14:40` (an applicant's SMS).
public enum EngineRules {
    public static let current = 10
}

/// A parallel branch: a block and one of its branches (`Token.block`, `Token.branch`).
public struct BranchRef: Sendable, Hashable, Codable {
    public var block: Int
    public var branch: Int

    public init(block: Int, branch: Int) {
        self.block = block
        self.branch = branch
    }
}

/// A special procedure in progress (rules 5): its reason and the step it
/// began at.
public struct SpecialProcedureHold: Sendable, Hashable, Codable {
    public var reason: String
    public var step: String

    public init(reason: String, step: String) {
        self.reason = reason
        self.step = step
    }
}

/// A flow pause in force (rules 2): its reason, and the branch whose
/// decision started it (`nil`: outside any parallel block).
public struct PauseHold: Sendable, Hashable, Codable {
    public var reason: String
    public var branch: BranchRef?

    public init(reason: String, branch: BranchRef?) {
        self.reason = reason
        self.branch = branch
    }
}
