import ShenpiLanguage

/// The Chinese words on a diagram's nodes and edges.
public enum GraphLabels {
    /// `5 个工作日`, `7 日`, `4 小时`.
    public static func duration(_ d: Duration) -> String {
        switch d.unit {
        case .workdays: return "\(d.amount) 个工作日"
        case .days: return "\(d.amount) 日"
        case .hours: return "\(d.amount) 小时"
        }
    }

    /// The join rule in a parallel block's group title, in the public's
    /// words: `全部办结`, `任一办结`, `4 个中 2 个办结`.
    public static func joinKeyword(_ join: Join?, branches: Int) -> String {
        switch join ?? .all {
        case .all: return "全部办结"
        case .any: return "任一办结"
        case .count(let n) where n >= branches: return "全部办结"
        case .count(let n): return "\(branches) 个中 \(n) 个办结"
        }
    }

    /// The join node: when the block moves on.
    public static func joinRule(_ join: Join?, branches: Int) -> String {
        switch join ?? .all {
        case .all: return "汇合：全部 \(branches) 个分支办结"
        case .any: return "汇合：任一分支办结，其余撤销"
        // `join: 2` of 2 waits for every branch: nothing is left to cancel.
        case .count(let n) where n >= branches: return "汇合：全部 \(branches) 个分支办结"
        case .count(let n): return "汇合：\(branches) 个分支中 \(n) 个办结，其余撤销"
        }
    }

    public static func fork(branches: Int) -> String { "并联：分送 \(branches) 个分支" }

    /// A decision's edge: its name, then what it does besides moving.
    public static func decision(_ d: Decision, title: String? = nil) -> [String] {
        var lines = [title ?? d.name.value]
        if d.requestSupplement { lines.append("一次性告知补正") }
        if let p = d.pause?.value { lines.append("停止计时：\(p.chineseTitle)" + (d.expected.map { "（约 \(GuideWords.duration($0.value))）" } ?? "")) }
        if d.resume { lines.append("恢复计时") }
        if let e = d.extend?.value { lines.append("延长 \(duration(e))") }
        // "延长" over "延长 10 个工作日" says it twice.
        if title != nil, lines.count > 1, lines.dropFirst().contains(where: { $0.contains(lines[0]) }) { lines.removeFirst() }
        return lines
    }

    /// The dashed edge of `on-timeout: accept`.
    public static func timeout(_ decision: String, title: String? = nil) -> String { "超时自动（\(title ?? decision)）" }

    public static let start = "开始"
    public static let otherwise = "否则"
    public static let waitOver = "期满"
    public static let withdrawal = "申请人随时撤回"

    public static func wait(_ d: Duration?) -> String { d.map { "等待 \(duration($0))" } ?? "等待" }
    public static func call(_ flow: String) -> String { "子流程 \(flow)" }
}
