import Foundation
import GRDB
import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine

/// Sub-flow calls run as cases of their own (子办件). The pure step only
/// records that a token entered a call node and takes the called flow's
/// outcome as that node's decision; the host does the rest, in the same
/// transaction as the command that caused it:
///
/// - a token entering a call node opens a sub-case on the called flow's
///   highest deployed version, submitted with the parent's field values and
///   materials of the same ids (recorded as entered by the parent case);
/// - a sub-case that finishes decides its parent's call node with its
///   outcome (recorded as decided by the sub-case);
/// - a call node's token cancelled (a refusal elsewhere in a parallel
///   block, the parent finished) withdraws a running sub-case whose flow
///   can be withdrawn.
///
/// If any of that is refused, so is the command that caused it: nothing of
/// it is written.
extension CaseEngine {
    /// How deep sub-cases may nest (a sub-case of a sub-case …): a flow
    /// cannot call itself, but a chain of flows could still call round.
    static let maxSubcaseDepth = 8
    /// How many commands one command may set off on other cases: calls
    /// whose sub-cases finish at once and lead back to a call would go on
    /// for ever, each nested in the last.
    static let maxNestedCommands = 64
    /// Joins a sub-case's id: `<parent>~<call step>~<token>`.
    public static let subcaseSeparator = String(CaseState.subcaseSeparator)

    /// Returns whether it ran a command on another case, which may have
    /// changed this one again (a sub-case finished at its submission hands
    /// its outcome back at once).
    @discardableResult
    func followSubcases(_ db: Database, caseID: String, machine: Machine, events: [CaseEvent], state: CaseState,
                        at now: Instant, depth: Int) throws -> Bool {
        var ranCommands = false
        // The comment of the decision that finished this case goes with its
        // outcome to the parent, whose notices may give it as `{decision.comment}`.
        var comment: String?
        for event in events {
            switch event.fact {
            case .decided(_, _, let c?):
                comment = c
            case .entered(let token):
                guard case .call(let flow, _) = machine.nodes[token.node].kind else { continue }
                // A sub-case opened before may have moved this case on past the token.
                if ranCommands, try CaseRow.load(db, id: caseID, cache: snapshots)?.snapshot.tokens.contains(where: { $0.id == token.id }) != true {
                    continue
                }
                try openSubcase(db, parent: caseID, node: machine.nodes[token.node].id, token: token.id, flow: flow,
                                machine: machine, state: state, at: now, depth: depth)
                ranCommands = true
            case .left(let token, cancelled: true) where hasCalls(machine):
                ranCommands = try withdrawSubcase(db, parent: caseID, token: token, at: now, depth: depth) || ranCommands
            case .finished(let outcome, _):
                ranCommands = try finishCall(db, child: caseID, outcome: outcome, comment: comment, at: now, depth: depth) || ranCommands
            default:
                continue
            }
        }
        return ranCommands
    }

    /// Whether any step of `machine` calls a sub-flow: only then can a cancelled token have a sub-case.
    private func hasCalls(_ machine: Machine) -> Bool {
        machine.nodes.contains { if case .call = $0.kind { true } else { false } }
    }

    private func openSubcase(_ db: Database, parent: String, node: String, token: Int, flow: String, machine: Machine,
                             state: CaseState, at now: Instant, depth: Int) throws {
        // The id says how deep the parent is: each level adds `~<step>~<token>`.
        let level = parent.split(separator: Character(Self.subcaseSeparator), omittingEmptySubsequences: false).count / 2 + 1
        guard level <= Self.maxSubcaseDepth else {
            throw CaseEngineError.subcaseRefused(flow, "sub-cases nest deeper than \(Self.maxSubcaseDepth) (flows that call each other round?)")
        }
        guard depth < Self.maxNestedCommands else {
            throw CaseEngineError.subcaseRefused(
                flow, "one command set off more than \(Self.maxNestedCommands) commands on sub-cases and their parents (a call that finishes at once and leads back to a call?)")
        }
        let child = try self.machine(ofWorkflow: flow, db)
        let fieldIDs = Set(child.fields.map(\.id))
        let materialIDs = Set(child.materials.map(\.id))
        let handedIn = state.submitted.map { machine.materials[$0].id }.filter(materialIDs.contains)
        let values = state.fields.filter { fieldIDs.contains($0.key) }
        // A field the parent may leave blank can be one the sub-flow requires: refused as the API refuses it.
        if let blank = BlankFields.first(in: values, of: child) {
            throw CaseEngineError.subcaseRefused(flow, "field \"\(blank)\": \(BlankFields.reason)")
        }
        let submit = Command.submit(fields: values, materials: handedIn, channel: .window, by: Actor(id: parent, roles: []))
        // `~` is not allowed in the ids clients choose: nobody can take a sub-case's id first.
        let id = "\(parent)\(Self.subcaseSeparator)\(node)\(Self.subcaseSeparator)\(token)"
        let opened: CaseUpdate
        do {
            opened = try open(db, id, machine: .fingerprint(child.fingerprint), submit: submit, at: now, depth: depth + 1)
        } catch CaseEngineError.engine(let e) {
            throw CaseEngineError.subcaseRefused(flow, e.description)
        }
        try db.execute(sql: "INSERT INTO subcase (child_id, parent_id, node, token, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, parent, node, token, now.secondsSinceEpoch])
        // Finished at its submission (a route straight to an outcome): its
        // `finished` event found no link yet, so hand the outcome back now.
        if let outcome = opened.state.outcome {
            try finishCall(db, child: id, outcome: outcome, comment: nil, at: now, depth: depth + 1)
        }
    }

    @discardableResult
    private func finishCall(_ db: Database, child: String, outcome: String, comment: String?, at now: Instant, depth: Int) throws -> Bool {
        // Only a sub-case's id has the separator: other cases finish without a query
        // (preparing one cost some 100 000 instructions per finished case).
        guard child.contains(Self.subcaseSeparator),
            let link = try Row.fetchOne(db.cachedStatement(sql: "SELECT parent_id, node, token FROM subcase WHERE child_id = ?"), arguments: [child])
        else { return false }
        let parent: String = link[0], node: String = link[1], token: Int = link[2]
        // The parent may have gone on without it (its branch was cancelled).
        guard let row = try CaseRow.load(db, id: parent, cache: snapshots), row.snapshot.tokens.contains(where: { $0.id == token }) else { return false }
        do {
            // At the parent's last change if later (a sub-case's timer fired late), so its history never goes back.
            _ = try apply(db, parent, .decide(node: node, decision: outcome, actor: Actor(id: child, roles: []), comment: comment),
                      expectedVersion: nil, at: max(now, row.updatedAt), depth: depth + 1)
        } catch CaseEngineError.engine(let e) {
            throw CaseEngineError.subcaseRefused(row.workflow, "the parent case \(parent) refused the outcome \(outcome): \(e)")
        }
        return true
    }

    private func withdrawSubcase(_ db: Database, parent: String, token: Int, at now: Instant, depth: Int) throws -> Bool {
        guard let child = try String.fetchOne(db.cachedStatement(sql: "SELECT child_id FROM subcase WHERE parent_id = ? AND token = ?"),
                                              arguments: [parent, token]),
            let row = try CaseRow.load(db, id: child, cache: snapshots), !row.snapshot.isFinished
        else { return false }
        let machine = try machines.machine(row.fingerprint, db)
        // A flow without a `withdrawn` outcome cannot be withdrawn: its
        // officers finish it, and its outcome then finds no call to decide.
        guard machine.outcomes.contains(where: { $0.kind == "withdrawn" }) else { return false }
        _ = try apply(db, child, .withdraw(reason: "主办件 \(parent) 已不再等待此子办件", by: Actor(id: parent, roles: [])),
                  expectedVersion: nil, at: max(now, row.updatedAt), depth: depth + 1)
        return true
    }

    /// The highest deployed version of `workflow`.
    func machine(ofWorkflow workflow: String, _ db: Database) throws -> Machine {
        let sql = "SELECT fingerprint FROM machine WHERE workflow = ? ORDER BY version DESC, rowid DESC LIMIT 1"
        guard let f = try String.fetchOne(db, sql: sql, arguments: [workflow]) else { throw CaseEngineError.machineMissing(workflow) }
        return try machines.machine(f, db)
    }

    /// The case a sub-case was opened for, and the sub-cases a case opened.
    public func links(ofCase id: String) throws -> CaseLinks {
        try database.writer.read { db in
            let parent = try Row.fetchOne(db, sql: """
                SELECT s.parent_id, s.node, c.fingerprint FROM subcase s JOIN "case" c ON c.id = s.parent_id WHERE s.child_id = ?
                """, arguments: [id])
                .map { CaseLinks.Link(caseID: $0[0], step: $0[1], flow: nil, status: nil, fingerprint: $0[2]) }
            let children = try Row.fetchAll(db, sql: """
                SELECT s.child_id, s.node, c.workflow, c.status, c.fingerprint FROM subcase s JOIN "case" c ON c.id = s.child_id
                WHERE s.parent_id = ? ORDER BY s.rowid
                """, arguments: [id]).map { CaseLinks.Link(caseID: $0[0], step: $0[1], flow: $0[2], status: $0[3], fingerprint: $0[4]) }
            return CaseLinks(parent: parent, subcases: children)
        }
    }
}

extension CaseBatch {
    /// The case whose call step opened `caseID`, if it is a sub-case.
    public func parent(ofCase caseID: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT parent_id FROM subcase WHERE child_id = ?", arguments: [caseID])
    }

    /// The parent of `caseID` and the case at the top of its chain (the
    /// applicant's), if it is a sub-case.
    public func ancestry(ofCase caseID: String) throws -> (parent: String, root: String)? {
        guard let parent = try parent(ofCase: caseID) else { return nil }
        var root = parent
        // A sub-case is always opened by an older case, so the chain ends; the
        // bound only keeps a hand-damaged `subcase` table from looping.
        for _ in 0..<CaseEngine.maxSubcaseDepth {
            guard let up = try self.parent(ofCase: root) else { break }
            root = up
        }
        return (parent, root)
    }

    /// When a running sub-case of `caseID` (at any depth) awaits some of
    /// `materials` that `caseID` itself does not await: that sub-case and
    /// those materials.
    public func subcaseAwaiting(_ materials: [String], ofCase caseID: String) throws -> (subcase: String, materials: [String])? {
        guard let own = try CaseRow.load(db, id: caseID) else { return nil }
        let notHere = materials.filter { !own.snapshot.awaitingSupplement.contains($0) }
        guard !notHere.isEmpty else { return nil }
        for id in try descendants(ofCase: caseID) {
            guard let row = try CaseRow.load(db, id: id), !row.snapshot.isFinished else { continue }
            let awaited = notHere.filter(row.snapshot.awaitingSupplement.contains)
            if !awaited.isEmpty { return (id, awaited) }
        }
        return nil
    }

    /// The sub-cases `caseID`'s call steps opened, theirs, and so on: the
    /// other departments' parts of the application.
    public func descendants(ofCase caseID: String) throws -> [String] {
        var out: [String] = [], level = [caseID]
        for _ in 0..<CaseEngine.maxSubcaseDepth where !level.isEmpty {
            level = try level.flatMap { try String.fetchAll(db, sql: "SELECT child_id FROM subcase WHERE parent_id = ? ORDER BY rowid", arguments: [$0]) }
            out += level
        }
        return out
    }
}

extension CaseEngine {
    /// The machine a case is pinned to, read without its snapshot (which
    /// may not decode): whether a caller may know of a damaged case.
    public func machine(ofCase id: String) throws -> Machine? {
        try database.writer.read { db in
            guard let f = try String.fetchOne(db, sql: #"SELECT fingerprint FROM "case" WHERE id = ?"#, arguments: [id]) else { return nil }
            return try machines.machine(f, db)
        }
    }
}

/// A case's place among sub-cases: the call step of the parent that opened
/// it, and the sub-cases its own call steps opened.
public struct CaseLinks: Sendable, Hashable {
    public struct Link: Sendable, Hashable {
        public var caseID: String
        /// The call step (of the parent) that opened the sub-case.
        public var step: String
        /// The sub-case's flow and status column (`active`, `finished` …).
        public var flow: String?
        public var status: String?
        /// The other case's machine, to decide who may see the link.
        public var fingerprint: String

        public init(caseID: String, step: String, flow: String?, status: String?, fingerprint: String = "") {
            (self.caseID, self.step, self.flow, self.status, self.fingerprint) = (caseID, step, flow, status, fingerprint)
        }
    }

    public var parent: Link?
    public var subcases: [Link]
}
