import Foundation
import ShenpiCalendar

/// Writes a synthetic but realistic catalog: a registry of `departments`
/// departments and `flows` flows spread over them, each with materials,
/// fields, an acceptance step with deemed acceptance, review steps, and —
/// for some — a parallel joint review, a route on the applicant's age or a
/// public-notice wait. Deterministic for a seed, so runs are comparable.
public struct CatalogGenerator {
    public var flows: Int
    public var departments: Int
    public var seed: UInt64

    public init(flows: Int = 300, departments: Int = 40, seed: UInt64 = 2025) {
        self.flows = flows
        self.departments = departments
        self.seed = seed
    }

    static let departmentNames = ["发展改革", "教育", "科技", "公安", "民政", "司法", "财政", "人力社保", "自然资源", "生态环境",
        "住房城乡建设", "交通运输", "水利", "农业农村", "商务", "文化旅游", "卫生健康", "退役军人", "应急管理", "审计",
        "市场监管", "体育", "统计", "医保", "林业", "人防", "气象", "消防", "税务", "城管",
        "粮食", "档案", "地震", "烟草", "邮政", "海关", "残联", "民宗", "侨务", "公积金"]
    static let materialNames = ["申请书", "营业执照", "法定代表人身份证明", "授权委托书", "场地使用证明", "平面布置图",
        "安全管理制度", "从业人员资格证书", "设备清单", "环境影响评价文件", "消防验收意见", "章程", "验资报告",
        "检测报告", "技术方案", "承诺书", "建设工程规划许可证", "施工图审查合格书", "产权证明", "租赁合同"]

    /// Writes `registry.yaml` and `<dept>/<flow>.yaml` under `directory`; returns the flow file paths.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try registry().write(toFile: directory + "/registry.yaml", atomically: true, encoding: .utf8)
        var rng = SplitMix64(seed: seed)
        var paths: [String] = []
        for i in 0..<flows {
            let dept = i % departments
            let folder = directory + "/d\(dept)"
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/item-\(i).yaml"
            try flow(index: i, department: dept, rng: &rng).write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        return paths
    }

    func registry() -> String {
        var s = "registry: bench-center\ntitle: 基准测试政务服务中心\ndepartments:\n  - { id: center, title: 政务服务中心 }\n"
        for d in 0..<departments {
            s += "  - { id: d\(d), title: 市\(Self.departmentNames[d % Self.departmentNames.count])局 }\n"
        }
        s += "roles:\n  - { id: window, title: 综合受理窗口, department: center }\n"
        for d in 0..<departments {
            s += "  - { id: d\(d)-reviewer, title: 审核员, department: d\(d) }\n"
            s += "  - { id: d\(d)-head, title: 负责人, department: d\(d) }\n"
        }
        return s
    }

    func flow(index i: Int, department d: Int, rng: inout SplitMix64) -> String {
        let promised = [5, 7, 10, 15][Int(rng.next() % 4)]
        let materialCount = 4 + Int(rng.next() % 14)
        let shape = Int(rng.next() % 4)  // 0 sequence, 1 parallel, 2 route, 3 wait
        var s = """
            workflow: item-\(i)
            version: \(1 + rng.next() % 3)
            title: 行政许可事项\(i)（\(Self.departmentNames[d % Self.departmentNames.count])）
            department: d\(d)
            kind: promised
            calendar: cn
            limits: { legal: 20 workdays, promised: \(promised) workdays, warn-before: 1 workday }
            guide:
              item-type: 行政许可
              codes: { basic: "\(String(format: "%012d", 100_000 + i))" }
              legal-basis: [《中华人民共和国行政许可法》]
              conditions: [符合法定条件]
              visits: 1
              fee: 不收费
              result: { title: 准予许可决定书, type: 批文 }
              delivery: [window, mail]
              contacts: { enquiry: 0571-85100000, complaint: "12345" }
            fields:
              - { id: applicant-name, title: 申请人, type: string }
              - { id: id-number, title: 身份证号, type: resident-id }
              - { id: scale, title: 规模, type: enum, values: [small, large] }
            templates:
              accepted: 您的{item}申请已受理，编号{case.number}，承诺{case.due}前办结。
            materials:

            """
        for m in 0..<materialCount {
            let form = ["original", "copy", "[original, copy]", "electronic"][Int(rng.next() % 4)]
            let when = m == materialCount - 1 ? ", when: \"scale == 'large'\"" : ""
            let req = m % 5 == 4 ? ", required: deferrable" : ""
            s += "  - { id: m\(m), title: \(Self.materialNames[m % Self.materialNames.count]), form: \(form), copies: \(1 + m % 2)\(req)\(when) }\n"
        }
        let checks = (0..<materialCount).map { "m\($0)" }.joined(separator: ", ")
        // Deferrable materials (容缺后补) are collected before the decision.
        let deferred = (0..<materialCount).filter { $0 % 5 == 4 }.map { "m\($0)" }
        let decideChecks = deferred.isEmpty ? "" : "\n    checks: [\(deferred.joined(separator: ", "))]"
        let reviewDays = max(1, promised - 3)
        // Every decision titled, as a published flow's must be (guide-untitled).
        let shapeDecisions = [1: "pass: 通过, fail: 不通过", 2: "pass: 通过, expert: 专家评审, fail: 不通过, opinions: 收到专家意见",
                              3: "pass: 通过, fail: 不通过"][shape] ?? "pass: 通过, back: 退回补正, fail: 不通过"
        s += "decision-titles: { accept: 受理, supplement: 补正, refuse: 不予办理, approve: 准予许可, \(shapeDecisions) }\n"
        s += """
            steps:
              - id: accept
                title: 受理
                role: window
                limit: 1 workday
                checks: [\(checks)]
                on-timeout: accept
                decisions:
                  accept: { next: \(shape == 2 ? "triage" : "review"), notify: { to: applicant, template: accepted } }
                  supplement: { request-supplement: true, next: accept }
                  refuse: not-accepted

            """
        switch shape {
        case 1:
            s += "  - id: review\n    title: 并联审查\n    parallel:\n      join: all\n      branches:\n"
            for b in 0..<(2 + Int(rng.next() % 3)) {
                let other = (d + b + 1) % departments
                s += "        - id: b\(b)\n          title: 部门审查\(b + 1)\n          steps:\n"
                s += "            - { id: b\(b)-review, title: 部门审查, role: d\(other)-reviewer, limit: \(reviewDays) workdays, decisions: { pass: done, fail: refused } }\n"
            }
            s += "    next: decide\n"
        case 2:
            s += """
                  - id: triage
                    route:
                      - when: age(id-number) >= 18 and scale == 'large'
                        next: review
                      - otherwise: review
                  - id: review
                    title: 审查
                    role: d\(d)-reviewer
                    limit: \(reviewDays) workdays
                    decisions:
                      pass: decide
                      expert: { pause: expert-review, next: expert-panel }
                      fail: refused
                  - id: expert-panel
                    title: 专家评审
                    role: d\(d)-reviewer
                    decisions: { opinions: { resume: true, next: decide } }

                """
        case 3:
            s += """
                  - id: review
                    title: 审查
                    role: d\(d)-reviewer
                    limit: \(max(1, reviewDays - 1)) workdays
                    decisions: { pass: notice, fail: refused }
                  - id: notice
                    title: 公示
                    wait: 1 workday
                    next: decide

                """
        default:
            s += """
                  - id: review
                    title: 审查
                    role: d\(d)-reviewer
                    limit: \(reviewDays) workdays
                    warn-before: 1 workday
                    decisions:
                      pass: decide
                      back: { request-supplement: true, next: accept }
                      fail: refused

                """
        }
        s += """
              - id: decide
                title: 决定
                role: d\(d)-head
                limit: 1 workday
                four-eyes: true\(decideChecks)
                decisions: { approve: approved, refuse: refused }
            outcomes:
              - { id: approved, title: 准予许可, kind: granted }
              - { id: refused, title: 不予许可, kind: refused }
              - { id: not-accepted, title: 不予受理, kind: not-accepted }

            """
        return s
    }
}
