import ShenpiCalendar
import ShenpiSyntax

/// The departments and roles shared by every flow of a catalog (`registry.yaml`).
public struct Registry: Sendable, Hashable {
    public struct Department: Sendable, Hashable {
        public var id: Located<String>
        public var title: Located<String>?
    }
    public struct Role: Sendable, Hashable {
        public var id: Located<String>
        public var title: Located<String>?
        public var department: Located<String>?
    }

    public var file: String
    public var id: Located<String>?
    public var title: Located<String>?
    public var departments: [Department] = []
    public var roles: [Role] = []
    /// The center's supervision thresholds (`supervision:`): 只受不理 after
    /// this long without an officer's action, a 差评 followed up within this.
    /// Workdays or days; the report's defaults (3 and 15 workdays) without them.
    public var untouchedAfter: Located<Duration>?
    public var followUpWithin: Located<Duration>?

    public init(file: String) {
        self.file = file
    }

    /// `untouchedAfter` and `followUpWithin` as the report counts them.
    public var supervisionThresholds: (untouchedAfter: TimeLimit?, followUpWithin: TimeLimit?) {
        func day(_ d: Located<Duration>?) -> TimeLimit? {
            guard let d = d?.value else { return nil }
            switch d.unit {
            case .workdays: return TimeLimit(d.amount, .workdays)
            case .days: return TimeLimit(d.amount, .days)
            case .hours: return nil  // refused by the decoder
            }
        }
        return (day(untouchedAfter), day(followUpWithin))
    }

    public func department(_ id: String) -> Department? { departments.first { $0.id.value == id } }
    public func role(_ id: String) -> Role? { roles.first { $0.id.value == id } }
}
