import Foundation

/// Finds the YAML files a lint run covers.
public enum FileWalker {
    static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// A file as given (whatever its extension), or every `*.yaml`/`*.yml` below a folder, sorted.
    /// `shown` is the path as the user wrote it, for messages.
    static func yamlFiles(at path: String, shownAs shown: String) throws -> [String] {
        // "" would silently be the working folder.
        guard !shown.isEmpty else { throw LintUsageError(description: "an empty path; name a file or folder") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            // A link to nothing, or a loop of links, is there all the same: reading
            // it is an `io` error, as in a folder walk, not a path that was mistyped.
            var info = stat()
            guard lstat(path, &info) == 0, isBrokenLink(path, info) else {
                throw LintUsageError(description: "no such file or folder: \(shown)")
            }
            return [path]
        }
        guard isDir.boolValue else {
            // A FIFO or a device would block or never end.
            guard isRegularFile(path) else { throw LintUsageError(description: "not a regular file: \(shown)") }
            return [path]
        }
        return try yamlFiles(below: path, shownAs: shown)
    }

    /// Every `*.yaml`/`*.yml` file below `folder` (full paths, sorted); a
    /// folder that cannot be read is a `LintUsageError` naming it as `shown`.
    public static func yamlFiles(below folder: String, shownAs shown: String) throws -> [String] {
        var out: [String] = []
        try walk(folder, shownAs: shown, into: &out)
        return out.sorted()
    }

    /// Every YAML file below `folder`, hidden entries (`.git`) left out and
    /// links to folders not followed. A folder that cannot be read is an
    /// error, never skipped: a lint that passed because it saw nothing
    /// would pass a broken flow in CI.
    private static func walk(_ folder: String, shownAs shown: String, into out: inout [String]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            let reason = access(folder, R_OK | X_OK) == 0 ? "it cannot be listed" : String(cString: strerror(errno))
            throw LintUsageError(description: "cannot read folder \(shown): \(reason)")
        }
        for name in names where !name.hasPrefix(".") {
            let full = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(full, shownAs: (shown as NSString).appendingPathComponent(name), into: &out)
            } else if isYAML(name), isRegularFile(full) || isBrokenLink(full, info) {
                // A dangling or looping link is kept: reading it is an `io` error, not a file silently left out.
                out.append(full)
            }
        }
    }

    /// A symbolic link whose target does not exist or is a loop of links.
    static func isBrokenLink(_ path: String, _ info: stat) -> Bool {
        guard info.st_mode & S_IFMT == S_IFLNK else { return false }
        var target = stat()
        return stat(path, &target) != 0 && (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
    }

    /// A regular file, or a symbolic link to one (not a FIFO or a device, which would block a read).
    /// `stat` follows links as the system does, a relative target from the link's own
    /// folder; `resolvingSymlinksInPath` resolved it elsewhere, and a linked flow was
    /// left out in silence.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// `a/./b/../c` → `a/c`, without resolving symbolic links (a linked file
    /// keeps the name the user sees).
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
