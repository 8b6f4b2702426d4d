import Foundation
import ShenpiLanguage
import ShenpiRules
import ShenpiSyntax
import ShenpiTestSupport
import XCTest

/// The one set of materials, and which produced materials a case holds where.
final class MaterialsAnalysisTests: XCTestCase {
    static func flow(materials: String, steps: String) throws -> Workflow {
        try DeadlineAnalysisTests.decode("""
            workflow: t
            version: 1
            title: 测试
            department: center
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: 10 workdays }
            materials:
            \(materials)
            steps:
            \(steps)
            outcomes:
              - { id: granted, kind: granted }
              - { id: refused, kind: refused }
            """)
    }

    func gaps(_ materials: String, _ steps: String) throws -> [String] {
        let flow = try Self.flow(materials: materials, steps: steps)
        let context = RuleContext(flow: flow, catalog: Catalog(), calendars: CalendarCatalog(ids: ["cn"], withOfficeHours: []))
        return MaterialNotYetReceivedRule().check(context).map { d in ([d.message] + d.notes.map(\.message)).joined(separator: " | ") }
    }

    static let report = "  - { id: report, title: 检测报告, form: original, source: intermediary }"

    func testRealBusinessRegistrationIsOneSetOf16() throws {
        let result = try TestSupport.lint(["workflows/market/business-registration.yaml"])
        let checked = try XCTUnwrap(result.flows.first)
        let set = MaterialsAnalysis.oneSet(of: checked.flow, registry: checked.catalog.registry)
        XCTAssertEqual(set.uniqueCount, 16)
        XCTAssertEqual(set.byDepartment.map { "\($0.department ?? "?") \($0.materials.count)" },
            ["center 16", "market 13", "quality 1", "national-tax 2", "local-tax 2"])
        XCTAssertEqual(set.summedOverDepartments, 34)
        XCTAssertEqual(set.summedOverDepartments(excluding: ["center"]), 18)
        let finance = try XCTUnwrap(set.items.first { $0.material.id.value == "finance-officer-id" })
        XCTAssertEqual(finance.checks.map(\.step), ["accept", "national-tax-register", "local-tax-register"])
        XCTAssertEqual(finance.departments, ["center", "national-tax", "local-tax"])
    }

    func testProducedMaterialsAreNotTheApplicants() throws {
        let flow = try Self.flow(materials: """
              - { id: application, title: 申请书, form: original }
            \(Self.report)
            """, steps: """
              - { id: a, role: window, checks: [application], decisions: { go: test } }
              - { id: test, role: lab, produces: [report], decisions: { go: b } }
              - { id: b, role: head, checks: [report, application], decisions: { go: granted } }
            """)
        let set = MaterialsAnalysis.oneSet(of: flow, registry: nil)
        XCTAssertEqual(set.items.map(\.material.id.value), ["application"])
        XCTAssertEqual(set.items[0].checks.map(\.step), ["a", "b"])
        XCTAssertEqual(set.items[0].departments, [nil], "no registry: one unknown department")
        XCTAssertEqual(MaterialsAnalysis.producers(in: FlowIndex(flow)), ["report": ["test"]])
    }

    func testASubflowAddsWhatTheFlowDoesNotList() throws {
        let result = try TestSupport.lint(["workflows"])
        let flows = Dictionary(uniqueKeysWithValues: result.flows.compactMap { c in c.flow.id.map { ($0.value, c) } })
        let transfer = try XCTUnwrap(flows["property-transfer"])
        let set = MaterialsAnalysis.oneSet(of: transfer.flow, registry: transfer.catalog.registry,
            subflows: flows.mapValues(\.flow))
        // deed-tax asks for the same documents under the same ids: nothing new, but its checks count.
        XCTAssertEqual(set.uniqueCount, transfer.flow.materials.count)
        let contract = try XCTUnwrap(set.items.first { $0.material.id.value == "contract" })
        XCTAssertEqual(contract.checks.filter { $0.subflow == "deed-tax" }.map(\.step), ["review"])
        XCTAssertTrue(contract.departments.contains("local-tax"))
    }

    func testASequenceThroughTheProducerIsFine() throws {
        XCTAssertEqual(try gaps(Self.report, """
              - { id: a, role: r, decisions: { go: test } }
              - { id: test, role: r, produces: [report], decisions: { go: b, redo: test } }
              - { id: b, role: r, checks: [report], decisions: { go: granted, back: a } }
            """), [])
    }

    func testADecisionThatSkipsTheProducer() throws {
        XCTAssertEqual(try gaps(Self.report, """
              - { id: a, role: r, decisions: { test: test, skip: b } }
              - { id: test, role: r, produces: [report], decisions: { go: b } }
              - { id: b, role: r, checks: [report], decisions: { go: granted } }
            """), [
            "step \"b\" checks \"report\", which only step \"test\" produces, but a case can reach \"b\" without passing it | counter-example: a --skip--> b"
        ])
    }

    func testARouteArmThatSkipsEveryProducer() throws {
        XCTAssertEqual(try gaps(Self.report, """
              - id: triage
                route:
                  - { when: "1 > 2", next: lab-a }
                  - { when: "2 > 1", next: lab-b }
                  - otherwise: b
              - { id: lab-a, role: r, produces: [report], decisions: { go: b } }
              - { id: lab-b, role: r, produces: [report], decisions: { go: b } }
              - { id: b, role: r, checks: [report], decisions: { go: granted } }
            """), [
            "step \"b\" checks \"report\", which only steps \"lab-a\", \"lab-b\" produce, but a case can reach \"b\" without passing any of them | counter-example: triage --otherwise--> b"
        ])
    }

    func testAFirstStepCannotCheckWhatIsProducedLater() throws {
        XCTAssertEqual(try gaps(Self.report, """
              - { id: a, role: r, checks: [report], decisions: { go: test } }
              - { id: test, role: r, produces: [report], decisions: { go: a } }
            """), [
            "step \"a\" checks \"report\", which only step \"test\" produces, but a case can reach \"a\" without passing it | \"a\" is the first step"
        ])
    }

    func testJoinsKeepWhatEnoughBranchesProduce() throws {
        func steps(_ join: String) -> String {
            """
              - id: p
                parallel:
                  join: \(join)
                  branches:
                    - { id: x, steps: [{ id: lab, role: r, produces: [report], decisions: { go: done } }] }
                    - { id: z, steps: [{ id: other, role: r, decisions: { go: done } }] }
                next: b
              - { id: b, role: r, checks: [report], decisions: { go: granted } }
            """
        }
        XCTAssertEqual(try gaps(Self.report, steps("all")), [])
        XCTAssertEqual(try gaps(Self.report, steps("any")), [
            "step \"b\" checks \"report\", which only step \"lab\" produces, but a case can reach \"b\" without passing it | counter-example: p --join--> b"
        ])
    }

    func testASiblingBranchDoesNotHaveIt() throws {
        XCTAssertEqual(try gaps(Self.report, """
              - id: p
                parallel:
                  join: all
                  branches:
                    - { id: x, steps: [{ id: lab, role: r, produces: [report], decisions: { go: done } }] }
                    - { id: z, steps: [{ id: tax, role: r, checks: [report], decisions: { go: done } }] }
                next: granted
            """), [
            "step \"tax\" checks \"report\", which only step \"lab\" produces, but a case can reach \"tax\" without passing it | counter-example: p --branch z--> tax"
        ])
    }

    func testAProducerInsideALoopBackCountsOnlyAfterIt() throws {
        // review checks the report; the only way to get one is fix, which loops back to review.
        XCTAssertEqual(try gaps(Self.report, """
              - { id: review, role: r, checks: [report], decisions: { fix: fix, pass: granted } }
              - { id: fix, role: r, produces: [report], decisions: { again: review } }
            """).count, 1)
    }
}
