/// A wide flow for the soundness analysis: one parallel block of `branches`
/// branches of `steps` tasks each, where every task may also send the case
/// back one step (so each branch has loops) or refuse it. A product-of-positions
/// exploration would see (steps + 1)^branches configurations; the analysis
/// must not.
public enum StressFlow {
    public static func yaml(branches: Int = 12, steps: Int = 5) -> String {
        var s = """
            workflow: parallel-stress
            version: 1
            title: 并联压力测试
            department: center
            kind: promised
            calendar: cn
            limits: { legal: \(steps * 2 + 4) workdays, promised: \(steps + 2) workdays }
            steps:
              - id: accept
                role: window
                limit: 1 workday
                decisions: { accept: joint, refuse: not-accepted }
              - id: joint
                parallel:
                  join: all
                  branches:

            """
        for b in 0..<branches {
            s += "        - id: b\(b)\n          steps:\n"
            for k in 0..<steps {
                let next = k == steps - 1 ? "done" : "b\(b)-s\(k + 1)"
                let back = k == 0 ? "" : ", back: b\(b)-s\(k - 1)"
                s += "            - { id: b\(b)-s\(k), role: window, limit: 1 workday, decisions: { pass: \(next)\(back), refuse: refused } }\n"
            }
        }
        s += """
                next: issue
              - id: issue
                role: window
                limit: 1 workday
                decisions: { issue: granted }
            outcomes:
              - { id: granted, kind: granted }
              - { id: refused, kind: refused }
              - { id: not-accepted, kind: not-accepted }

            """
        return s
    }
}
