import ArgumentParser
import Foundation
import ShenpiAPI
import ShenpiCalendar
import ShenpiLanguage
import ShenpiStore

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens directly in the database (e.g. a lost administrator token).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user and print its token (shown only this once).",
            discussion: """
                A recovery path that works with the daemon down: a department or role the registry \
                (--registry, else ./workflows/registry.yaml when there is one) does not know is warned about, \
                not refused; the API honours only roles of the user's department.
                """
        )
        @Option(help: "The SQLite database file.") var db = "./shenpi.db"
        @Option(help: "The user's name, recorded with everything they do.") var name: String
        @Option(help: "The user's department id.") var department: String?
        @Option(help: "Registry role ids, comma-separated.") var roles = ""
        @Option(help: "admin, intake, supervise, comma-separated.") var scopes = ""
        @Option(help: "The registry to check --department and --roles against (default: ./workflows/registry.yaml when present).")
        var registry: String?

        func run() throws {
            // Before the database is opened (or created).
            if let problem = TokenStore.nameProblem(name) { throw ValidationError("bad --name: \(problem)") }
            // The API leaves an absent department out; "" would be a department of no name.
            if let department, department.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--department is empty; leave it out for a user of no department")
            }
            PrivateFiles.restrict()  // it may create the database
            try PrivateFiles.checkWritable(db, option: "--db")
            var parsed: [Scope] = []
            for s in scopes.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !s.isEmpty {
                guard let scope = Scope(rawValue: s) else { throw ValidationError("unknown scope \(s); expected admin, intake or supervise") }
                parsed.append(scope)
            }
            let roleList = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // Read before anything is written: a registry that does not read stops here.
            let warnings = try TokenCommand.registryWarnings(registryPath: registry, department: department, roles: roleList)
            // Provisioning before the first start may create the store; a mistyped
            // --db must not pass for the recovery of a lost token in silence.
            let created = !FileManager.default.fileExists(atPath: db)
            let store = TokenStore(database: try TokenCommand.open(db))
            let now = Instant(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
            do {
                let (p, secret) = try store.create(name: name, department: department, roles: roleList, scopes: parsed, at: now)
                print("\(p.id) \(p.name)\n\(secret)")
                let notes = (created ? ["no database was at \(db): created a new one; the token works only for a daemon serving this file"] : []) + warnings
                for warning in notes { FileHandle.standardError.write(Data("shenpi: warning: \(warning)\n".utf8)) }
            } catch let e as TokenError {
                throw ValidationError(e.description)
            }
        }
    }

    /// What the registry does not know of the new user's department and roles.
    static func registryWarnings(registryPath: String?, department: String?, roles: [String]) throws -> [String] {
        let path = registryPath ?? "workflows/registry.yaml"
        guard registryPath != nil || FileManager.default.fileExists(atPath: path) else { return [] }
        let registry: Registry
        do {
            registry = try ReportCommand.registry(path, named: registryPath == nil ? "\(path) (read by default)" : nil)
        } catch let error as ValidationError where registryPath == nil {
            // The recovery path must work whatever state the catalog is in.
            return [error.message, "the department and roles were not checked"]
        }
        var out: [String] = []
        if let department, registry.department(department) == nil {
            out.append("no department \(department) in \(path): the user can act on no step")
        }
        for role in roles {
            guard let r = registry.role(role) else {
                out.append("no role \(role) in \(path): it lets the user act on no step")
                continue
            }
            if let department, let of = r.department?.value, of != department {
                out.append("role \(role) belongs to department \(of), not \(department): the API honours only roles of the user's department")
            }
        }
        return out
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their tokens).")
        @Option(help: "The SQLite database file.") var db = "./shenpi.db"

        func run() throws {
            guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
            for p in try TokenStore(database: try TokenCommand.open(db)).all() {
                let state = p.revokedAt == nil ? "active" : "revoked"
                print([p.id, p.name, p.department ?? "-", p.roles.joined(separator: ","), p.scopes.map(\.rawValue).joined(separator: ","), state]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @Option(help: "The SQLite database file.") var db = "./shenpi.db"
        @Argument(help: "The token id (tXXXXXXXXXXXX); a secret (shp_…) revokes the token it belongs to.") var id: String

        func run() throws {
            guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
            let now = Instant(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
            let tokenID = id.hasPrefix(TokenStore.secretPrefix) ? TokenStore.id(ofSecret: id) : id
            guard try TokenStore(database: try TokenCommand.open(db)).revoke(id: tokenID, at: now) else {
                throw ValidationError("no active token \(Masking.mask(id))")
            }
            print("revoked \(tokenID)")
        }
    }
}

extension TokenCommand {
    /// The database read-write (migrations run); a later release's is bad usage (exit 2), untouched.
    static func open(_ path: String) throws -> AppDatabase {
        do {
            return try AppDatabase.openFile(atPath: path)
        } catch let e as StoreOpenError {
            throw ValidationError(e.description)
        }
    }
}
