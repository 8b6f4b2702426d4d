import ShenpiCalendar
import ShenpiEngine
import ShenpiMachine
import XCTest

/// One test per command and per refusal, on the lightning-design flow.
final class CommandTests: XCTestCase {
    static let file = "workflows/meteorology/lightning-design.yaml"
    let window = CaseDriver.officer("w1", "window")
    let reviewer = CaseDriver.officer("r1", "meteorology-reviewer")
    let head = CaseDriver.officer("h1", "meteorology-head")
    let fields: [String: FieldValue] = [
        "applicant-name": .string("某建设公司"), "project-name": .string("某大厦"),
        "contact-phone": .string("13800138000"), "major-project": .boolean(false), "by-agent": .boolean(false),
    ]
    let complete = ["application", "designer-qualification", "drawings", "technical-evaluation"]
    let t0 = at("2025-09-22T09:30")

    func submitted(_ materials: [String]? = nil, channel: Channel = .window) throws -> CaseDriver {
        var d = try CaseDriver(Self.file)
        d.run(.submit(fields: fields, materials: materials ?? complete, channel: channel), at: t0)
        return d
    }

    func testSubmitAtWindowEntersFirstStepWithTimers() throws {
        let d = try submitted()
        XCTAssertEqual(d.state.status, .active)
        XCTAssertEqual(d.active, ["accept"])
        XCTAssertEqual(d.state.version, 1)
        XCTAssertEqual(d.stepTimer("accept", .stepTimeout)?.at, at("2025-09-24T00:00"), "1 workday from Monday ends Tuesday")
        XCTAssertEqual(d.stepTimer("accept", .stepWarning)?.at, at("2025-09-23T12:00"), "4 working hours before 17:30: the close of the morning window")
        XCTAssertNil(d.state.caseClock, "not accepted yet")
    }

    func testOnlinePreSubmissionWaitsForTheWindow() throws {
        var d = try submitted(channel: .online)
        XCTAssertEqual(d.state.status, .preSubmitted)
        XCTAssertTrue(d.state.tokens.isEmpty)
        let early = d.error(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(early, .notReceived(node: "accept"))
        XCTAssertEqual(d.error(.decide(node: "acept", decision: "accept", actor: window, comment: nil), at: t0), .nodeUnknown("acept"),
                       "an unknown step is said first")
        XCTAssertEqual(early?.description, "step \"accept\" is not active: the case was pre-submitted online and is not received yet; the window receives it first (\"receive\")")
        XCTAssertEqual(d.error(.receive(actor: reviewer), at: at("2025-09-23T10:00")),
                       .actorLacksRoles(actor: "r1", command: "receive the application", roles: ["window"]))
        d.run(.receive(actor: window), at: at("2025-09-23T10:00"))
        XCTAssertEqual(d.state.status, .active)
        XCTAssertEqual(d.state.receivedAt, at("2025-09-23T10:00"))
        XCTAssertEqual(d.error(.receive(actor: window), at: at("2025-09-23T11:00")), .notPreSubmitted)
        // Without the window's role the answer is the same whether or not the case came in online.
        XCTAssertEqual(d.error(.receive(actor: reviewer), at: at("2025-09-23T11:00")),
                       .actorLacksRoles(actor: "r1", command: "receive the application", roles: ["window"]))
    }

    func testReceiveNeedsTheRoleOfTheFirstTaskStepThroughRoutes() throws {
        // senior-bus-card starts with an automatic age route; deed-tax with its officer's review.
        for (file, role) in [("workflows/transport/senior-bus-card.yaml", "window"), ("workflows/tax/deed-tax.yaml", "deed-tax-officer")] {
            let d = try CaseDriver(file)
            var s = CaseState(id: "C-1")
            (s.status, s.machineFingerprint) = (.preSubmitted, d.machine.fingerprint)
            let r = step(d.machine, s, .receive(actor: CaseDriver.officer("x", "issue-window")), at: t0, calendar: d.calendar)
            XCTAssertEqual(r.failure, .actorLacksRoles(actor: "x", command: "receive the application", roles: [role]), file)
            XCTAssertNil(step(d.machine, s, .receive(actor: CaseDriver.officer("y", role)), at: t0, calendar: d.calendar).failure, file)
        }
    }

    func testSubmitValidatesFieldsAndMaterials() throws {
        let d = try CaseDriver(Self.file)
        var bad = fields
        bad["contact-phone"] = .string("12345")
        XCTAssertEqual(d.error(.submit(fields: bad, materials: [], channel: .window), at: t0)?.isInvalidField, true)
        bad = fields
        bad["major-project"] = .string("yes")
        XCTAssertEqual(d.error(.submit(fields: bad, materials: [], channel: .window), at: t0)?.isInvalidField, true)
        bad["colour"] = .string("red")
        XCTAssertEqual(d.error(.submit(fields: bad, materials: [], channel: .window), at: t0), .unknownField("colour"))
        XCTAssertEqual(d.error(.submit(fields: fields, materials: ["passport"], channel: .window), at: t0), .unknownMaterials(["passport"]))
        var missing = fields
        missing["applicant-name"] = nil
        XCTAssertEqual(d.error(.submit(fields: missing, materials: [], channel: .window), at: t0), .missingField("applicant-name"))
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0), .notSubmitted)
    }

    func testAcceptStartsTheCaseClockAndRendersTheNotice() throws {
        var d = try submitted()
        let effects = d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T10:00"))
        XCTAssertEqual(d.active, ["review"])
        XCTAssertEqual(d.state.acceptedAt, at("2025-09-22T10:00"))
        XCTAssertFalse(d.state.deemedAccepted)
        // 10 workdays after Monday 2025-09-22: 9/23–26, 9/28 (worked), 9/29, 9/30, 10/9, 10/10, 10/11 (worked).
        XCTAssertEqual(d.state.caseClock?.due, at("2025-10-12T00:00"))
        let notes = effects.compactMap { if case .notify(let n) = $0 { return n } else { return nil } }
        XCTAssertEqual(notes.first?.to, .applicant)
        // 容缺受理: the deferrable material not handed in is named in writing, and 无 once it is in.
        XCTAssertEqual(notes.first?.text, "某建设公司：您的某大厦防雷装置设计审核申请已受理，受理编号C-1，承诺办结日期2025-10-11。"
                       + "容缺后补材料（请于审批决定前补交）：设计中所采用的防雷产品相关资料。")
        var all = try submitted(complete + ["products"])
        let told = all.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-22T10:00"))
        XCTAssertEqual(told.compactMap { if case .notify(let n) = $0 { n.text } else { nil } }.first?.hasSuffix("容缺后补材料（请于审批决定前补交）：无。"), true)
        XCTAssertNil(d.stepTimer("accept", .stepTimeout), "the accept step's timers are cancelled")
        XCTAssertTrue(effects.contains(.cancelTimer(id: "step-0-timeout")))
        XCTAssertEqual(d.timer(.caseTimeout).first?.at, d.state.caseClock?.due)
    }

    func testRefusalsChangeNothing() throws {
        let d = try submitted()
        let r1 = d.error(.decide(node: "review", decision: "pass", actor: reviewer, comment: nil), at: t0)
        XCTAssertEqual(r1, .nodeNotActive("review"))
        XCTAssertEqual(d.error(.decide(node: "nowhere", decision: "x", actor: window, comment: nil), at: t0), .nodeUnknown("nowhere"))
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "approve", actor: window, comment: nil), at: t0),
                       .unknownDecision(node: "accept", decision: "approve", expected: ["accept", "supplement", "refuse"]))
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "accept", actor: reviewer, comment: nil), at: t0),
                       .actorLacksRole(actor: "r1", role: "window"))
        XCTAssertEqual(d.error(.extend(workdays: 5, approver: head), at: t0), .notAccepted)
        XCTAssertEqual(d.error(.startSpecialProcedure(reason: "听证", actor: head), at: t0), .notAccepted)
        XCTAssertEqual(d.error(.endSpecialProcedure(actor: head), at: t0), .noSpecialProcedure)
        XCTAssertEqual(d.error(.timerFired(id: "nope"), at: t0), .unknownTimer("nope"))
        XCTAssertEqual(d.error(.timerFired(id: "step-0-timeout"), at: t0)?.isTimerNotDue, true)
        XCTAssertEqual(d.error(.rate(level: 5, comment: nil), at: t0), .notFinished)
        XCTAssertEqual(d.error(.submit(fields: fields, materials: [], channel: .window), at: t0), .alreadySubmitted)
        XCTAssertEqual(d.state.version, 1)
    }

    func testMissingMaterialsBlockAcceptanceButNotRefusal() throws {
        let d = try submitted(["application"])
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0),
                       .materialsMissing(node: "accept", missing: ["designer-qualification", "drawings", "technical-evaluation"]))
        XCTAssertNotNil(try? d.attempt(.decide(node: "accept", decision: "refuse", actor: window, comment: "不属于本机关职权"), at: t0).get())
    }

    func testConditionalMaterialFollowsTheFields() throws {
        var d = try CaseDriver(Self.file)
        var major = fields
        major["major-project"] = .boolean(true)
        d.run(.submit(fields: major, materials: complete, channel: .window), at: t0)
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0),
                       .materialsMissing(node: "accept", missing: ["risk-assessment"]))
    }

    func testSupplementRequestListsEverythingAtOnceAndWaitsForTheApplicant() throws {
        var d = try submitted(["application"])
        let effects = d.run(.decide(node: "accept", decision: "supplement", actor: window, comment: nil), at: t0)
        XCTAssertEqual(d.state.awaitingSupplement, ["designer-qualification", "drawings", "technical-evaluation"])
        let text = effects.compactMap { if case .notify(let n) = $0 { return n.text } else { return nil } }.first
        XCTAssertEqual(text, "某建设公司：您的某大厦防雷装置设计审核申请材料需补正，请一次性补齐：设计单位和人员的资质证和资格证书；防雷装置施工图设计说明书、施工图设计图纸及相关资料；防雷装置设计技术评价报告。")
        XCTAssertTrue(d.events.contains { if case .supplementRequested(_, let m, nil) = $0.fact { return m.count == 3 } else { return false } })
        XCTAssertNil(d.stepTimer("accept", .stepTimeout), "no deemed acceptance while the applicant owes materials")
        d.run(.supplement(materials: ["drawings"]), at: at("2025-09-25T09:00"))
        XCTAssertEqual(d.state.awaitingSupplement, ["designer-qualification", "technical-evaluation"])
        XCTAssertNil(d.stepTimer("accept", .stepTimeout), "part of the notice is still unmet: no clock towards deemed acceptance")
        XCTAssertEqual(d.error(.supplement(materials: []), at: at("2025-09-25T09:30")), .emptySupplement)
        d.run(.supplement(materials: ["designer-qualification", "technical-evaluation"]), at: at("2025-09-25T10:00"))
        XCTAssertEqual(d.state.awaitingSupplement, [])
        XCTAssertEqual(d.stepTimer("accept", .stepTimeout)?.at, at("2025-09-27T00:00"))
        XCTAssertEqual(d.error(.supplement(materials: ["cake"]), at: t0.adding(seconds: 9999999)), .unknownMaterials(["cake"]))
    }

    /// Art. 32: materials handed in but not in legal form go into the same
    /// one-time notice; they count as not handed in until brought again.
    func testMaterialsFoundDefectiveAreAskedForAgainInTheSameNotice() throws {
        var d = try submitted(["application", "drawings", "technical-evaluation"])
        let window = self.window
        let supplement = { (defective: [String]) in Command.decide(node: "accept", decision: "supplement", actor: window, comment: nil, defective: defective) }
        XCTAssertEqual(d.error(.decide(node: "accept", decision: "accept", actor: window, comment: nil, defective: ["drawings"]), at: t0),
                       .defectiveWithoutSupplement(node: "accept", decision: "accept"))
        XCTAssertEqual(d.error(supplement(["designer-qualification", "drawings"]), at: t0), .defectiveNotHandedIn(["designer-qualification"]))
        XCTAssertEqual(d.error(supplement(["cake", "drawings"]), at: t0), .unknownDefective(["cake"]))
        let effects = d.run(supplement(["technical-evaluation", "drawings", "drawings"]), at: t0)
        // In the flow's order, with what is missing; the defective ones no longer count as handed in.
        XCTAssertEqual(d.state.awaitingSupplement, ["designer-qualification", "drawings", "technical-evaluation"])
        XCTAssertEqual(d.state.missingMaterials(atNode: d.node("accept"), machine: d.machine, calendar: d.calendar),
                       ["designer-qualification", "drawings", "technical-evaluation"])
        XCTAssertFalse(d.state.submitted.contains(d.machine.tables.material("drawings")!))
        let request = d.events.compactMap { if case .supplementRequested(_, let m, let r) = $0.fact { (m, r) } else { nil } }.last
        XCTAssertEqual(request?.0, ["designer-qualification", "drawings", "technical-evaluation"])
        XCTAssertEqual(request?.1.map { $0.map { d.machine.materials[$0].id } }, ["drawings", "technical-evaluation"])
        let text = effects.compactMap { if case .notify(let n) = $0 { return n.text } else { return nil } }.first
        XCTAssertEqual(text, "某建设公司：您的某大厦防雷装置设计审核申请材料需补正，请一次性补齐：设计单位和人员的资质证和资格证书；防雷装置施工图设计说明书、施工图设计图纸及相关资料；防雷装置设计技术评价报告。")
        // The step waits for all three; the applicant brings them, and acceptance can go on.
        d.run(.supplement(materials: ["drawings", "technical-evaluation"]), at: at("2025-09-25T09:00"))
        XCTAssertEqual(d.state.awaitingSupplement, ["designer-qualification"])
        d.run(.supplement(materials: ["designer-qualification"]), at: at("2025-09-25T10:00"))
        XCTAssertEqual(d.state.awaitingSupplement, [])
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: at("2025-09-25T11:00"))
        XCTAssertEqual(d.active, ["review"])
        // Without any: the request is recorded as it always was (no `returned`).
        var plain = try submitted(["application"])
        plain.run(supplement([]), at: t0)
        XCTAssertTrue(plain.events.contains { if case .supplementRequested(_, _, nil) = $0.fact { true } else { false } })
    }

    func testFourEyes() throws {
        var d = try submitted(complete + ["products"])
        let both = CaseDriver.officer("x", "meteorology-reviewer", "meteorology-head", "window")
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        d.run(.decide(node: "review", decision: "recommend-approve", actor: both, comment: nil), at: t0)
        XCTAssertEqual(d.error(.decide(node: "decide", decision: "approve", actor: both, comment: nil), at: t0),
                       .fourEyesViolated(node: "decide", actor: "x"))
        d.run(.decide(node: "decide", decision: "approve", actor: head, comment: nil), at: t0)
        XCTAssertEqual(d.active, ["issue"])
    }

    func testDeferrableMaterialRequiredOnlyAfterAcceptance() throws {
        var d = try submitted()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        d.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: t0)
        XCTAssertEqual(d.error(.decide(node: "decide", decision: "approve", actor: head, comment: nil), at: t0),
                       .materialsMissing(node: "decide", missing: ["products"]))
        d.run(.supplement(materials: ["products"]), at: t0)
        d.run(.decide(node: "decide", decision: "approve", actor: head, comment: nil), at: t0)
    }

    func testWithdrawFinishesAndCancelsEverything() throws {
        var d = try submitted()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        let effects = d.run(.withdraw(reason: "不再建设"), at: at("2025-09-23T09:00"))
        XCTAssertEqual(d.state.status, .finished(outcome: "withdrawn"))
        XCTAssertTrue(d.state.pendingTimers.isEmpty)
        XCTAssertTrue(d.state.tokens.isEmpty)
        XCTAssertTrue(effects.contains(.finished(outcome: "withdrawn")))
        XCTAssertEqual(d.state.onTime, true)
        XCTAssertEqual(d.error(.withdraw(reason: nil), at: at("2025-09-23T09:00")), .caseFinished(outcome: "withdrawn"))
    }

    func testRatingOnlyAfterFinishOnceAndInRange() throws {
        var d = try submitted()
        d.run(.withdraw(reason: nil), at: t0)
        XCTAssertEqual(d.error(.rate(level: 6, comment: nil), at: t0), .badRating(6))
        XCTAssertEqual(d.error(.rate(level: 0, comment: nil), at: t0), .badRating(0))
        let told = d.run(.rate(level: 2, comment: "等太久"), at: t0)
        XCTAssertEqual(d.state.rating?.isNegative, true)
        XCTAssertEqual(d.error(.rate(level: 5, comment: nil), at: t0), .alreadyRated)
        // lightning-design names its head and the center's in negative-rating-to.
        XCTAssertEqual(told.compactMap { if case .notify(let n) = $0 { "\(Self.recipient(n)): \(n.text)" } else { nil } }, [
            "meteorology-head: 差评待整改反馈：防雷装置设计审核事项（受理编号C-1）评价 2 分（不满意）：“等太久”。请核实，整改或说明后向申请人反馈。",
            "center-head: 差评待整改反馈：防雷装置设计审核事项（受理编号C-1）评价 2 分（不满意）：“等太久”。请核实，整改或说明后向申请人反馈。",
        ])
    }

    /// Rules 9: what the applicant typed is quoted on one line, so a line
    /// break cannot start a line that reads as the center's own in an
    /// officer's SMS; under rules 8 it stays as typed (replays so).
    func testQuotedTextIsOnOneLineFromRules9() throws {
        func notices(rules: Int, _ comment: String) throws -> [String] {
            var d = try CaseDriver(Self.file)
            d.run(.submit(fields: fields, materials: complete, channel: .window, rules: rules), at: t0)
            d.run(.withdraw(reason: nil), at: t0)
            return d.run(.rate(level: 1, comment: comment), at: t0).compactMap { if case .notify(let n) = $0 { n.text } else { nil } }
        }
        let typed = "态度差\r\n\n【银行】您的账户异常，请回复\t1"
        XCTAssertEqual(try notices(rules: 9, typed).first,
                       "差评待整改反馈：防雷装置设计审核事项（受理编号C-1）评价 1 分（非常不满意）：“态度差 【银行】您的账户异常，请回复 1”。请核实，整改或说明后向申请人反馈。")
        XCTAssertEqual(try notices(rules: 8, typed).first?.contains("\n【银行】"), true)
        XCTAssertEqual(TemplateRenderer.oneLine("a\u{2028}b\u{85}c"), "a b c")
        XCTAssertEqual(TemplateRenderer.oneLine("无换行"), "无换行")
    }

    static func recipient(_ n: ShenpiEngine.Notification) -> String {
        if case .role(let r) = n.to { return r }
        return "applicant"
    }

    /// Only a 差评 is told, and only on a flow that names roles for it.
    func testOnlyANegativeRatingIsToldAndOnlyWhereTheFlowSaysSo() throws {
        func notices(_ file: String, level: Int, comment: String?) throws -> [String] {
            var d = try CaseDriver(file)
            d.run(.submit(fields: fields, materials: complete, channel: .window), at: t0)
            d.run(.withdraw(reason: nil), at: t0)
            return d.run(.rate(level: level, comment: comment), at: t0).compactMap { if case .notify(let n) = $0 { n.text } else { nil } }
        }
        XCTAssertEqual(try notices(Self.file, level: 3, comment: "一般"), [])
        XCTAssertEqual(try notices(Self.file, level: 1, comment: "  ").first,
                       "差评待整改反馈：防雷装置设计审核事项（受理编号C-1）评价 1 分（非常不满意）。请核实，整改或说明后向申请人反馈。", "a blank comment is left out")
        var machine = try EngineFixtures.machine(Self.file)
        machine.negativeRatingTo = nil
        XCTAssertNotEqual(try MachineCodec.fingerprint(of: machine), try EngineFixtures.machine(Self.file).fingerprint, "the key is part of the fingerprint")
        XCTAssertFalse(String(decoding: try MachineCodec.encode(machine), as: UTF8.self).contains("negativeRatingTo"), "not encoded when absent: older flows keep their fingerprints")
        XCTAssertEqual(try MachineCodec.decode(MachineCodec.encode(try EngineFixtures.machine(Self.file))).negativeRatingTo, ["meteorology-head", "center-head"])
        // Format 2 marks a machine with the key: a build that reads format 1 only says so.
        XCTAssertEqual(try EngineFixtures.machine(Self.file).format, 2)
        XCTAssertEqual(try EngineFixtures.machine("workflows/tax/deed-tax.yaml").format, 1, "without the key: format 1, fingerprint unchanged")
        var relabelled = try EngineFixtures.machine(Self.file)
        relabelled.format = 1
        relabelled.fingerprint = try MachineCodec.fingerprint(of: relabelled)
        XCTAssertThrowsError(try MachineCodec.decode(MachineCodec.encode(relabelled))) { XCTAssertEqual($0 as? MachineError, .unsupportedFormat(1)) }
        relabelled.format = Machine.newestFormat + 1
        relabelled.fingerprint = try MachineCodec.fingerprint(of: relabelled)
        XCTAssertThrowsError(try MachineCodec.decode(MachineCodec.encode(relabelled))) {
            XCTAssertEqual($0 as? MachineError, .unsupportedFormat(Machine.newestFormat + 1))
        }
    }

    func testSpecialProcedureStopsAndRestartsTheClock() throws {
        var d = try submitted()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(d.error(.endSpecialProcedure(actor: head), at: t0), .noSpecialProcedure)
        // The case is at review: its reviewer may, the head (whose step is ahead) may not yet.
        XCTAssertEqual(d.error(.startSpecialProcedure(reason: "听证", actor: head), at: at("2025-09-24T10:00")),
                       .actorLacksRoles(actor: "h1", command: "start a special procedure", roles: ["meteorology-reviewer"]))
        d.run(.startSpecialProcedure(reason: "听证", actor: reviewer), at: at("2025-09-24T10:00"))
        XCTAssertNil(d.state.caseClock?.due)
        XCTAssertTrue(d.timer(.caseTimeout).isEmpty && d.timer(.stepTimeout).isEmpty, "paused clocks have no timers")
        XCTAssertEqual(d.error(.startSpecialProcedure(reason: "检测", actor: reviewer), at: at("2025-09-24T11:00")),
                       .specialProcedureAtStep(step: "review", reason: "听证"), "rules 5: one per step")
        XCTAssertEqual(EngineError.clockNotRunning(stoppedFor: "听证").description, "the case clock is already stopped (听证); end that first")
        XCTAssertEqual(d.error(.endSpecialProcedure(actor: window), at: at("2025-09-26T10:00")),
                       .actorLacksRoles(actor: "w1", command: "end the special procedure started at review", roles: ["meteorology-reviewer"]))
        XCTAssertEqual(d.state.specialProcedures, [SpecialProcedureHold(reason: "听证", step: "review")], "rules 5: the step it began at")
        d.run(.endSpecialProcedure(actor: reviewer), at: at("2025-09-26T10:00"))
        XCTAssertNil(d.state.specialProcedures)
        // 9/25 and 9/26 did not count: due moves two working days, 10/11 → 10/14 (10/12 is a Sunday).
        XCTAssertEqual(d.state.caseClock?.due, at("2025-10-15T00:00"))
        XCTAssertEqual(d.timer(.caseTimeout).first?.at, at("2025-10-15T00:00"))
        XCTAssertNil(d.state.specialProcedure)
    }

    /// A flow without `limits.extension` (every flow before it existed) keeps the
    /// first rule: whoever still has a step ahead may extend, without a ceiling.
    func testExtendMovesDueAndReschedules() throws {
        var m = try EngineFixtures.machine(Self.file)
        m.limits.extensionAllowance = nil
        var d = try CaseDriver(machine: m)
        d.run(.submit(fields: fields, materials: complete, channel: .window), at: t0)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(d.error(.extend(workdays: 0, approver: head), at: t0), .badExtension(0))
        XCTAssertEqual(d.error(.extend(workdays: Int.max, approver: head), at: t0), .badExtension(Int.max), "no overflow in the clock")
        XCTAssertEqual(d.error(.extend(workdays: 10, approver: window), at: at("2025-09-24T10:00")),
                       .actorLacksRoles(actor: "w1", command: "extend the limit",
                                        roles: ["issue-window", "meteorology-head", "meteorology-officer", "meteorology-reviewer"]),
                       "the window's part is done; the review, expert panel, decision and issue are ahead")
        let effects = d.run(.extend(workdays: 10, approver: head), at: at("2025-09-24T10:00"))
        XCTAssertEqual(d.state.caseClock?.due, at("2025-10-25T00:00"), "10/11 + 10 workdays = 10/24")
        XCTAssertTrue(effects.contains(.cancelTimer(id: "case-timeout")))
        XCTAssertEqual(d.timer(.caseTimeout).first?.at, at("2025-10-25T00:00"))
        XCTAssertTrue(d.events.contains { $0.actor == "h1" && $0.fact == .extended(by: 10, approver: "h1") })
        XCTAssertEqual(d.error(.extend(workdays: 1, approver: head), at: at("2025-12-01T10:00"))?.isClock, true, "no extension after the limit ran out")
    }

    /// Art. 42 as lightning-design says it (`limits.extension`: 10 workdays,
    /// once, by meteorology-head): nobody else approves, and neither the API's
    /// extension nor the flow's own `extend:` decision goes past it.
    func testTheFlowsCeilingBoundsEveryExtension() throws {
        var d = try submitted(complete + ["products"])  // the decision checks the deferred products
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        let noon = at("2025-09-24T12:00")
        for officer in [window, reviewer] {
            XCTAssertEqual(d.error(.extend(workdays: 3, approver: officer), at: noon),
                           .actorLacksRoles(actor: officer.id, command: "extend the limit", roles: ["meteorology-head"]),
                           "the reviewer's step is ahead, but only the head approves")
        }
        XCTAssertEqual(d.error(.extend(workdays: 11, approver: head), at: noon),
                       .extensionExceeded(asked: TimeLimit(11, .workdays), used: 0, max: TimeLimit(10, .workdays)))
        d.run(.extend(workdays: 4, approver: head, reason: "需征求规划部门意见"), at: noon)
        XCTAssertEqual(d.error(.extend(workdays: 1, approver: head), at: noon), .extensionsUsedUp(times: 1))
        XCTAssertEqual(EngineError.extensionsUsedUp(times: 1).description,
                       "the case limit may be extended once (limits.extension times: 1), and it has been: nothing is left")

        // The flow's own extension at the decision is refused too: the one extension was taken.
        d.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: noon)
        let extend = Command.decide(node: "decide", decision: "extend", actor: head, comment: "情况复杂")
        XCTAssertEqual(d.error(extend, at: noon), .extensionsUsedUp(times: 1))
        XCTAssertEqual(d.state.caseClock?.extensions.total, 4)

        // Without `times`, the amount is the bound: 4 taken, 6 left.
        var m = try EngineFixtures.machine(Self.file)
        m.limits.extensionAllowance?.times = nil
        var e = try CaseDriver(machine: m)
        e.run(.submit(fields: fields, materials: complete + ["products"], channel: .window), at: t0)
        e.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        e.run(.extend(workdays: 4, approver: head, reason: "需征求规划部门意见"), at: noon)
        XCTAssertEqual(e.error(.extend(workdays: 7, approver: head), at: noon),
                       .extensionExceeded(asked: TimeLimit(7, .workdays), used: 4, max: TimeLimit(10, .workdays)))
        XCTAssertEqual(EngineError.extensionExceeded(asked: TimeLimit(7, .workdays), used: 4, max: TimeLimit(10, .workdays)).description,
                       "an extension of 7 workdays would pass the flow's ceiling: the case limit may be extended by 10 workdays in all "
                       + "(limits.extension): 4 workdays used, 6 workdays left")
        e.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: noon)
        XCTAssertEqual(e.error(Command.decide(node: "decide", decision: "extend", actor: head, comment: "情况复杂"), at: noon),
                       .extensionExceeded(asked: TimeLimit(10, .workdays), used: 4, max: TimeLimit(10, .workdays)),
                       "the decision's 10 workdays do not fit in the 6 left")
        e.run(.extend(workdays: 6, approver: head, reason: "专家意见分歧"), at: noon)
        XCTAssertEqual(e.state.caseClock?.extensions.total, 10)

        // The flow's own extension records the decision's comment as its reason, as the API's does.
        var g = try CaseDriver(machine: m)
        g.run(.submit(fields: fields, materials: complete + ["products"], channel: .window), at: t0)
        g.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        g.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: noon)
        g.run(.decide(node: "decide", decision: "extend", actor: head, comment: "情况复杂"), at: noon)
        XCTAssertEqual(g.events.last { if case .extended = $0.fact { true } else { false } }?.fact,
                       .extended(by: 10, approver: "h1", reason: "情况复杂"))
        // A comment that says nothing (the hosts refuse it first) is no reason.
        var blank = try CaseDriver(machine: m)
        blank.run(.submit(fields: fields, materials: complete + ["products"], channel: .window), at: t0)
        blank.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        blank.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: noon)
        blank.run(.decide(node: "decide", decision: "extend", actor: head, comment: " 。"), at: noon)
        XCTAssertEqual(blank.events.last { if case .extended = $0.fact { true } else { false } }?.fact, .extended(by: 10, approver: "h1"))
        XCTAssertEqual(CaseState.replay(e.events), e.state)

        // `extension: none`: nobody extends.
        m.limits.extensionAllowance = ExtensionAllowance(max: Limit(amount: 0, unit: .workdays), by: nil, times: nil)
        var f = try CaseDriver(machine: m)
        f.run(.submit(fields: fields, materials: complete, channel: .window), at: t0)
        f.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(f.error(.extend(workdays: 1, approver: head), at: noon), .extensionNotAllowed)
    }

    /// An extension the calendar cannot count says so: the year's data ends.
    func testAnExtensionPastTheCalendarsDataSaysItIsTheExtension() throws {
        var d = try CaseDriver(Self.file)
        let monday = at("2026-12-14T09:30")
        d.run(.submit(fields: fields, materials: complete, channel: .window), at: monday)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: monday)
        guard case .clock(let message)? = d.error(.extend(workdays: 10, approver: head, reason: "情况复杂"), at: monday) else {
            return XCTFail("the calendar's refusal")
        }
        XCTAssertTrue(message.hasPrefix("an extension of 10 workdays cannot be counted: "), message)
        XCTAssertTrue(message.contains("2026-12-31"), message)
    }

    /// A timeout approves nothing: under `limits.extension` an `on-timeout`
    /// decision with `extend:` moves the case on without extending it, even
    /// with the allowance used up, so its timer cannot be refused for ever.
    func testATimeoutDecisionDoesNotExtendUnderACeiling() throws {
        var m = try EngineFixtures.machine(Self.file)
        let decide = try XCTUnwrap(m.nodes.firstIndex { $0.id == "decide" })
        guard case .task(var task) = m.nodes[decide].kind else { return XCTFail("decide is a task") }
        task.onTimeout = task.transitionIndex(named: "extend")
        m.nodes[decide].kind = .task(task)
        var d = try CaseDriver(machine: m)
        d.run(.submit(fields: fields, materials: complete + ["products"], channel: .window), at: t0)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        d.run(.extend(workdays: 10, approver: head, reason: "情况复杂"), at: at("2025-09-23T10:00"))
        d.run(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: at("2025-09-23T11:00"))
        let timeout = try XCTUnwrap(d.stepTimer("decide", .stepTimeout))
        let due = d.state.caseClock?.due
        let effects = d.run(.timerFired(id: timeout.id), at: timeout.at)
        XCTAssertEqual(d.state.tokens.map { m.nodes[$0.node].id }, ["re-review"], "the timeout's decision was taken")
        XCTAssertFalse(Self.notices(effects).contains { $0.contains("延长") }, "no notice of an extension that did not happen: \(Self.notices(effects))")
        XCTAssertEqual(d.state.caseClock?.extensions.count, 1, "and extended nothing")
        XCTAssertEqual(d.state.caseClock?.due, due)
        XCTAssertEqual(CaseState.replay(d.events), d.state)
    }

    /// On a limit in hours the case clock counts whole hours: an extension
    /// of 20 is 20 working hours (about three office days), not 20 minutes
    /// nor 1 200 hours.
    func testAnExtensionOfALimitInHoursCountsHours() throws {
        var m = try EngineFixtures.machine(Self.file)
        m.calendar = "citizen-center"
        m.limits = CaseLimits(legal: Limit(amount: 20 * 60, unit: .minutes), promised: Limit(amount: 10 * 60, unit: .minutes), warnBefore: nil)
        var d = try CaseDriver(machine: m)
        d.run(.submit(fields: fields, materials: complete, channel: .window), at: t0)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(d.error(.extend(workdays: 10_000, approver: head), at: t0), .badExtension(10_000))
        XCTAssertEqual(d.state.caseClock?.due, at("2025-09-23T14:00"), "10 office hours from Monday 09:30 (09:00-12:00, 13:30-17:30)")
        let effects = d.run(.extend(workdays: 21, approver: head, reason: "需补充检测。"), at: t0)
        XCTAssertEqual(d.state.caseClock?.due, at("2025-09-26T14:00"), "21 more office hours: three more days")
        XCTAssertEqual(Self.notices(effects), ["您的防雷装置设计审核申请（受理编号C-1）经批准延长办理期限21小时，理由：需补充检测。延长后的办结日期为2025-09-26 14:00。"], "rules 10: the time without ISO's T")
    }

    /// Art. 42: an extension with a reason tells the applicant, in the case
    /// limit's own unit; one without (a case stored before reasons were
    /// asked for, replayed) tells nobody.
    func testAnExtensionWithAReasonIsToldInTheLimitsUnit() throws {
        var m = try EngineFixtures.machine(Self.file)
        m.limits = CaseLimits(legal: Limit(amount: 30, unit: .days), promised: Limit(amount: 20, unit: .days), warnBefore: nil)
        var d = try CaseDriver(machine: m)
        d.run(.submit(fields: fields, materials: complete, channel: .window), at: t0)
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        XCTAssertEqual(Self.notices(d.run(.extend(workdays: 5, approver: head), at: t0)), [], "20 + 5 days")
        let told = Self.notices(d.run(.extend(workdays: 5, approver: head, reason: "  需征求规划部门意见 "), at: t0))
        XCTAssertEqual(told, ["您的防雷装置设计审核申请（受理编号C-1）经批准延长办理期限5个自然日，理由：需征求规划部门意见。延长后的办结日期为2025-10-22。"])
        XCTAssertEqual(d.events.last { if case .extended = $0.fact { true } else { false } }?.fact,
                       .extended(by: 5, approver: "h1", reason: "  需征求规划部门意见 "), "recorded as given")
    }

    /// While the clock is stopped there is no due date to tell: the notice says one will follow.
    func testAnExtensionDuringASpecialProcedurePromisesTheDateLater() throws {
        var d = try submitted(complete + ["products"])  // the decision checks the deferred products
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        let reviewer = Actor(id: "r1", roles: ["meteorology-reviewer"])
        d.run(.startSpecialProcedure(reason: "现场检测。", actor: reviewer, expected: TimeLimit(5, .workdays)), at: t0)
        XCTAssertEqual(Self.notices(d.effects).last, "您的防雷装置设计审核申请（受理编号C-1）进入特别程序（现场检测），预计需要5个工作日，所需时间不计入办理时限。")
        let told = Self.notices(d.run(.extend(workdays: 10, approver: head, reason: "情况复杂"), at: t0))
        XCTAssertEqual(told, ["您的防雷装置设计审核申请（受理编号C-1）经批准延长办理期限10个工作日，理由：情况复杂。办结日期待恢复计时后另行告知。"])
    }

    static func notices(_ effects: [Effect]) -> [String] {
        effects.compactMap { if case .notify(let n) = $0 { n.text } else { nil } }
    }

    func testCommandsDatedBeforeTheLastChangeAreRefused() throws {
        var d = try submitted()
        let accepted = at("2025-09-22T10:00")
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: accepted)
        XCTAssertEqual(d.state.updatedAt, accepted)
        let early = at("2025-09-22T09:59")
        XCTAssertEqual(d.error(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil), at: early),
                       .timeWentBackwards(last: accepted, now: early))
        XCTAssertEqual(d.error(.withdraw(reason: nil), at: t0), .timeWentBackwards(last: accepted, now: t0))
        let timer = try XCTUnwrap(d.state.pendingTimers.first)
        XCTAssertEqual(d.error(.timerFired(id: timer.id), at: early), .timeWentBackwards(last: accepted, now: early))
        // The same instant is not going back.
        d.run(.withdraw(reason: nil), at: accepted)
        XCTAssertEqual(d.error(.rate(level: 5, comment: nil), at: early), .timeWentBackwards(last: accepted, now: early))
        XCTAssertEqual(CaseState.replay(d.events).updatedAt, accepted)
    }

    func testCommandsAgainstAnotherMachineAreRefused() throws {
        let d = try submitted()
        let other = try EngineFixtures.machine("workflows/transport/senior-bus-card.yaml")
        let r = step(other, d.state, .withdraw(reason: nil), at: t0, calendar: d.calendar)
        guard case .failure(.wrongMachine) = r else { return XCTFail("\(r)") }
    }

    func testStepIsPureAndVersionsCount() throws {
        let d = try submitted()
        let c = Command.decide(node: "accept", decision: "accept", actor: window, comment: "材料齐全")
        XCTAssertEqual(try d.attempt(c, at: t0).get(), try d.attempt(c, at: t0).get())
        let t = try d.attempt(c, at: t0).get()
        XCTAssertEqual(t.state.version, 2)
        XCTAssertTrue(t.events.allSatisfy { $0.version == 2 })
        XCTAssertEqual(t.events.first?.actor, "w1")
        XCTAssertEqual(t.events.first?.fact, .decided(node: "accept", decision: "accept", comment: "材料齐全"))
    }

    func testStateAndEventsAreCodable() throws {
        var d = try submitted()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        let data = try JSONEncoder().encode(d.state)
        XCTAssertEqual(try JSONDecoder().decode(CaseState.self, from: data), d.state)
        let log = try JSONEncoder().encode(d.events)
        XCTAssertEqual(CaseState.replay(try JSONDecoder().decode([CaseEvent].self, from: log)), d.state)
    }
}

extension Result {
    var failure: Failure? { if case .failure(let e) = self { return e } else { return nil } }
}

extension EngineError {
    var isInvalidField: Bool { if case .invalidField = self { return true } else { return false } }
    var isTimerNotDue: Bool { if case .timerNotDue = self { return true } else { return false } }
    var isClock: Bool { if case .clock = self { return true } else { return false } }
}

extension CommandTests {
    /// Art. 45: the officer's expected duration goes into the notice and is
    /// recorded (`pauseExpected`) right after `decided`; a decision that starts
    /// no pause takes none, and nothing is recorded then.
    func testAnExpectedDurationOnlyWithAPause() throws {
        var d = try submitted()
        d.run(.decide(node: "accept", decision: "accept", actor: window, comment: nil), at: t0)
        let events = d.events.count
        XCTAssertEqual(d.error(.decide(node: "review", decision: "recommend-approve", actor: reviewer, comment: nil,
                                       expected: TimeLimit(5, .workdays)), at: t0),
                       .expectedWithoutPause(node: "review", decision: "recommend-approve"))
        XCTAssertEqual(d.events.count, events, "nothing recorded")
        let effects = d.run(.decide(node: "review", decision: "expert-review", actor: reviewer, comment: nil,
                                    expected: TimeLimit(15, .workdays)), at: t0)
        let facts = d.events.suffix(from: events).map(\.fact)
        guard case .decided = facts.first, case .pauseExpected(let stated)? = facts.dropFirst().first else {
            return XCTFail("decided, then pauseExpected: \(facts)")
        }
        XCTAssertEqual(stated, TimeLimit(15, .workdays))
        let text = effects.compactMap { if case .notify(let n) = $0, n.to == .applicant { n.text } else { nil } }.first ?? ""
        XCTAssertTrue(text.contains("预计需要15个工作日，评审时间不计入办理时限"), text)
        XCTAssertEqual(CaseState.replay(d.events), d.state, "replay gives the same state")
    }
}
