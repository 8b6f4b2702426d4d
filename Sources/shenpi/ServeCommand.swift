import ArgumentParser
import Foundation
import Logging
import ShenpiCalendar
import ShenpiServer
import ShenpiStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the case daemon: the HTTP API, timers and notification delivery.",
        discussion: """
            Lints and compiles the flows of --workflows (refusing to start, with the lint errors, if any flow \
            has one), deploys new versions, resumes timers, and serves the API under /v1 (docs/api.md). On an \
            empty token table it creates an administrator token and prints it once. SIGTERM / SIGINT: graceful \
            stop; SIGHUP: reload the flows. Exit 1: the flows have errors; 2: bad options or paths (a missing \
            workflow folder, a --db or --notifications-file that cannot be written); 3: the database or the \
            port cannot be used (another daemon serves that --db: it holds the hidden .<db>.lock beside it). Files are created \
            owner-only (0600). See docs/operations.md.
            """
    )

    @Option(help: "The SQLite database file (created when missing).")
    var db = "./shenpi.db"

    @Option(help: "The workflow folder (with its registry.yaml).")
    var workflows = "./workflows"

    @Option(help: "host:port to listen on (port 0: any free port).")
    var listen = "127.0.0.1:8080"

    @Option(help: "full (fsync every commit) or normal (a power loss may lose the last commits).")
    var durability = "full"

    @Option(help: "Append notifications as JSON lines to this file (the default sender).")
    var notificationsFile = "./notifications.jsonl"

    @Option(help: "POST notifications to this gateway URL instead (SMS / e-mail).")
    var webhook: String?

    @Option(help: "Environment variable holding the webhook's bearer token.")
    var webhookTokenEnv: String?

    @Option(help: "Log format: text or json.")
    var logFormat = "text"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(help: "Largest accepted request body, in bytes.")
    var maxBody = 1 << 20

    @Option(help: "Close a connection on which nothing arrives for this many seconds: a request left unfinished, or idle between requests (1–3600).")
    var idleTimeout = 60

    @Option(help: "Run the clock from this instant (2025-09-26T09:30, Beijing time) instead of now: rehearsals and tests.")
    var clockStart: String?

    func run() async throws {
        PrivateFiles.restrict()
        guard let format = LogFormat(rawValue: logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard let durability = Durability(rawValue: durability) else { throw ValidationError("--durability must be full or normal") }
        var options = DaemonOptions()
        (options.host, options.port) = try Self.address(listen)
        options.database = db
        options.workflows = workflows
        options.durability = durability
        guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
        options.limits.maxBodyBytes = maxBody
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1 to 3600 seconds") }
        options.idleTimeout = .seconds(idleTimeout)
        if let clockStart {
            guard let instant = Instant(iso: clockStart) else {
                throw ValidationError("bad instant for --clock-start: \(clockStart) (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
            }
            options.clockStart = instant
        }
        if let webhook {
            guard let url = URL(string: webhook), ["http", "https"].contains(url.scheme ?? "") else {
                throw ValidationError("--webhook must be an http(s) URL")
            }
            let bearer = webhookTokenEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
            if let env = webhookTokenEnv, bearer == nil { throw ValidationError("environment variable \(env) is not set") }
            options.notifications = .webhook(url, bearer: bearer)
        } else {
            options.notifications = .file(notificationsFile)
        }
        // Checked now, every path at once (an operator fixing permissions
        // learns of all of them): a daemon that cannot write the notifications
        // file would fail every delivery.
        var unwritable: [String] = []
        for (path, option) in [(db, "--db")] + (webhook == nil ? [(notificationsFile, "--notifications-file")] : []) {
            do { try PrivateFiles.checkWritable(path, option: option) } catch let error as ValidationError { unwritable.append(error.message) }
        }
        if !unwritable.isEmpty { throw ValidationError(unwritable.joined(separator: "; ")) }
        format.bootstrap(level: level)
        // SQLite gives the -wal and -shm the database's mode; rotated notification files keep theirs: hence the `*`.
        let files = [db] + (webhook == nil ? [notificationsFile] : [])
        for (path, mode) in PrivateFiles.openToOthers(files) {
            Logger(label: "shenpi").warning("file open to users other than its owner: it holds applicants' ID numbers and phones", metadata: [
                "path": .string(path), "mode": .string(mode), "fix": .string("chmod 600 \(path)*"),
            ])
        }
        do {
            try await Daemon.run(options, logger: Logger(label: "shenpi"), print: { line in
                StandardOutput.write(line + "\n")
                // The one-time administrator token must not be lost with a full disk or a closed stdout.
                if let reason = StandardOutput.flush() {
                    FileHandle.standardError.write(Data("shenpi: error: cannot write to standard output (\(reason)); the line follows here instead:\n\(line)\n".utf8))
                }
            })
        } catch let error as DaemonError {
            FileHandle.standardError.write(Data("shenpi: error: \(error)\n".utf8))
            switch error {
            case .flows(.lint), .flows(.calendars): throw ExitCode(1)  // the catalog must change: a restart cannot help
            case .flows(.noFolder), .flows(.empty), .flows(.noRegistry): throw ExitCode(2)  // a wrong --workflows, like lint's PATH
            case .newerSchema: throw ExitCode(2)  // another release's database: a restart cannot help
            default: throw ExitCode(3)
            }
        }
    }

    /// `host:port`, `:port`, or `[v6]:port`.
    static func address(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else { throw ValidationError("--listen must be host:port, e.g. 127.0.0.1:8080") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("bad port in --listen \(text)")
        }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
