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

    public init(file: String) {
        self.file = file
    }

    public func department(_ id: String) -> Department? { departments.first { $0.id.value == id } }
    public func role(_ id: String) -> Role? { roles.first { $0.id.value == id } }
}
