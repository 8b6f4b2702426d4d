import ShenpiEngine
import ShenpiMachine
import ShenpiStore

/// The authenticated user of a request and what they may do.
struct Caller: Sendable {
    var principal: Principal
    /// The user's roles that the registry places in the user's department:
    /// a role of another department is never honoured, even if a token lists it.
    var roles: Set<String>

    init(principal: Principal, roleDepartments: [String: String]) {
        self.principal = principal
        roles = Set(principal.roles.filter { role in
            guard let department = principal.department else { return false }
            return roleDepartments[role] == department
        })
    }

    /// Recorded as the actor of the user's commands.
    var actor: Actor { Actor(id: principal.name, roles: roles) }

    /// Reads every case: administrators, supervisors, and intake (the window and the online hall).
    var seesAllCases: Bool { principal.has(.admin) || principal.has(.supervise) || principal.has(.intake) }

    func require(_ scope: Scope, to what: String) throws {
        guard principal.has(scope) || principal.has(.admin) else {
            throw APIError.forbidden("\(principal.name) may not \(what): it needs the \(scope.rawValue) scope")
        }
    }

    /// Officers see the cases of flows their department takes part in.
    func mayRead(_ machine: Machine, catalog: FlowCatalog) -> Bool {
        if seesAllCases { return true }
        guard let department = principal.department else { return false }
        return catalog.departments(of: machine).contains(department)
    }
}
