import ShenpiExpression
import ShenpiLanguage

/// A condition (`when:`) in the words the public reads, for the service
/// guide: `use == 'residential' and first-home` reads 房屋用途为“住宅”，且是否为
/// 买受人家庭唯一住房为“是”. `nil` for an expression it cannot say plainly
/// (arithmetic, `if()`, `today()`); the guide then shows the expression and
/// what its fields mean.
struct GuideConditionWords {
    var fields: [String: Field]
    /// Material titles by id, for `has(...)`.
    var materials: [String: String]

    init(fields: [Field], materials: [String: String]) {
        self.fields = Dictionary(fields.map { ($0.id.value, $0) }, uniquingKeysWith: { a, _ in a })
        self.materials = materials
    }

    init(_ flow: Workflow) {
        self.init(fields: flow.fields, materials: Dictionary(flow.materials.map { ($0.id.value, $0.title?.value ?? $0.id.value) }, uniquingKeysWith: { a, _ in a }))
    }

    func words(_ e: Expr) -> String? {
        switch e.kind {
        case .field(let name):
            guard let f = fields[name], f.type?.value == .boolean else { return nil }
            return yes(f, true)
        case .unary(.not, let x):
            return negated(x)
        case .binary(let op, let l, let r) where op == .and || op == .or:
            guard let a = part(l, within: op), let b = part(r, within: op) else { return nil }
            return a + (op == .and ? "，且" : "，或") + b
        case .binary(let op, let l, let r):
            return comparison(op, l, r) ?? flipped(op).flatMap { comparison($0, r, l) }
        case .call("has", let args):
            guard args.count == 1, case .field(let id) = args[0].kind, let m = materials[id] else { return nil }
            return "提交了“\(m)”"
        case .call("given", let args):
            guard args.count == 1, case .field(let name) = args[0].kind, let f = fields[name] else { return nil }
            return "填写了“\(title(f))”"
        default:
            return nil
        }
    }

    /// `not x` in words: the opposite of what `x` says, where it has one.
    func negated(_ x: Expr) -> String? {
        switch x.kind {
        case .field(let name):
            guard let f = fields[name], f.type?.value == .boolean else { return nil }
            return yes(f, false)
        case .call("given", let args):
            guard args.count == 1, case .field(let name) = args[0].kind, let f = fields[name] else { return nil }
            return "未填写“\(title(f))”"
        case .call("has", let args):
            guard args.count == 1, case .field(let id) = args[0].kind, let m = materials[id] else { return nil }
            return "未提交“\(m)”"
        case .unary(.not, let inner):
            return words(inner)
        case .binary(let op, let l, let r):
            let opposite: BinaryOperator? = switch op {
            case .equal: .notEqual
            case .notEqual: .equal
            case .less: .greaterOrEqual
            case .lessOrEqual: .greater
            case .greater: .lessOrEqual
            case .greaterOrEqual: .less
            case .in: .notIn
            case .notIn: .in
            default: nil
            }
            guard let opposite else { return nil }
            return words(Expr(.binary(opposite, l, r), range: x.range))
        default:
            return nil
        }
    }

    /// A boolean field said yes or no: `是否委托代理人办理：是` (a title that
    /// asks 是否 anywhere, `出售的房屋是否有其他共有人`, takes the answer:
    /// `…是否…为“是”` reads badly), else `已婚为“是”`.
    func yes(_ f: Field, _ value: Bool) -> String {
        let answer = value ? "是" : "否"
        return title(f).contains("是否") ? title(f) + "：" + answer : title(f) + "为“\(answer)”"
    }

    /// A side of `and` / `or`; the other of the two in brackets, so that
    /// `a or b and c` cannot be read two ways.
    func part(_ e: Expr, within op: BinaryOperator) -> String? {
        guard let w = words(e) else { return nil }
        if case .binary(let inner, _, _) = e.kind, inner != op, inner == .and || inner == .or { return "（\(w)）" }
        return w
    }

    /// `field op literal`, `age(field) op number`.
    func comparison(_ op: BinaryOperator, _ l: Expr, _ r: Expr) -> String? {
        if case .call("age", let args) = l.kind, args.count == 1, case .field(let name) = args[0].kind, let f = fields[name],
           case .integer(let n) = r.kind {
            let by = "（按\(title(f))）"
            switch op {
            case .greaterOrEqual: return "年满 \(n) 周岁" + by
            case .greater: return "年满 \(n + 1) 周岁" + by
            case .less: return "未满 \(n) 周岁" + by
            case .lessOrEqual: return "未满 \(n + 1) 周岁" + by
            default: return nil
            }
        }
        guard case .field(let name) = l.kind, let f = fields[name] else { return nil }
        switch (op, r.kind) {
        case (.equal, .string(let v)): return title(f) + "为“\(value(v, of: f))”"
        case (.notEqual, .string(let v)): return title(f) + "不为“\(value(v, of: f))”"
        case (.equal, .boolean(let b)), (.notEqual, .boolean(let b)):
            guard f.type?.value == .boolean else { return nil }
            return yes(f, b == (op == .equal))
        case (.in, .list(let items)), (.notIn, .list(let items)):
            var texts: [String] = []
            for item in items {
                guard case .string(let v) = item.kind else { return nil }
                texts.append("“\(value(v, of: f))”")
            }
            guard !texts.isEmpty else { return nil }
            if op == .in || texts.count == 1 { return title(f) + (op == .in ? "为" : "不为") + texts.joined(separator: "或") }
            // "不为“a”或“b”" reads two ways.
            return title(f) + "不为" + texts.joined(separator: "、") + "中的任何一项"
        case (_, .integer), (_, .number), (_, .unary(.negate, _)):
            var n = r.description
            if case .unary(.negate, let inner) = r.kind {
                switch inner.kind { case .integer, .number: n = "-" + inner.description; default: return nil }
            }
            switch op {
            case .equal: return title(f) + "为 \(n)"
            case .notEqual: return title(f) + "不为 \(n)"
            case .greater: return title(f) + "大于 \(n)"
            case .greaterOrEqual: return title(f) + "不少于 \(n)"
            case .less: return title(f) + "小于 \(n)"
            case .lessOrEqual: return title(f) + "不超过 \(n)"
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `65 <= age(x)` as `age(x) >= 65`.
    func flipped(_ op: BinaryOperator) -> BinaryOperator? {
        switch op {
        case .equal, .notEqual: return op
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return nil
        }
    }

    func title(_ f: Field) -> String { f.title?.value ?? f.id.value }

    func value(_ v: String, of f: Field) -> String { f.title(ofValue: v) ?? v }
}
