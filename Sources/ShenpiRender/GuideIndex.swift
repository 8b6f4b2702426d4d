import ShenpiLanguage

/// The catalog page (事项目录): every rendered item, grouped by department.
public struct GuideIndex: Sendable {
    public struct Group: Sendable {
        public var departmentID: String?
        public var department: String
        public var pages: [GuidePage]
    }

    /// The service center's name (the registry title), when known.
    public var center: String?
    public var groups: [Group]

    public var itemCount: Int { groups.reduce(0) { $0 + $1.pages.count } }

    /// Groups in the registry's order of departments (unknown departments
    /// after them, by title); items within a department in file order.
    public init(pages: [GuidePage]) {
        let registry = pages.lazy.compactMap(\.registry).first
        center = pages.lazy.compactMap(\.center).first
        var order: [String: Int] = [:]
        for (i, d) in (registry?.departments ?? []).enumerated() where order[d.id.value] == nil { order[d.id.value] = i }
        var byDepartment: [String: [GuidePage]] = [:]
        var keys: [String] = []
        for p in pages.sorted(by: { $0.file < $1.file }) {
            let key = p.departmentID ?? ""
            if byDepartment[key] == nil { keys.append(key) }
            byDepartment[key, default: []].append(p)
        }
        keys.sort { a, b in
            switch (order[a], order[b]) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return (byDepartment[a]![0].department, a) < (byDepartment[b]![0].department, b)
            }
        }
        groups = keys.map { k in
            let list = byDepartment[k]!
            return Group(departmentID: k.isEmpty ? nil : k, department: list[0].department, pages: list)
        }
    }

    /// `市民中心政务服务中心 政务服务事项目录`.
    public var title: String {
        (center.map { $0 + " " } ?? "") + "政务服务事项目录"
    }
}
