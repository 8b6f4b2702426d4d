import ArgumentParser
import Foundation

/// The files the daemon's commands create — the database with its -wal and
/// -shm, backups, the notifications file — hold applicants' names, ID
/// numbers and phones, so they are made owner-only, and a path they cannot
/// be written to is bad usage found before anything is created.
enum PrivateFiles {
    /// Owner-only from here on (0600 files, 0700 folders): called first in
    /// `serve`, `backup` and `token`, before SQLite or the file sender create
    /// anything. SQLite gives the -wal and -shm the database's own mode.
    static func restrict() {
        umask(0o077)
    }

    /// The files among `paths` that exist and others than their owner may
    /// read or write (made by an earlier release, or by hand), with their
    /// mode: the daemon warns at start rather than change a mode an
    /// operator may have set on purpose.
    static func openToOthers(_ paths: [String]) -> [(path: String, mode: String)] {
        paths.compactMap { path in
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
            return (path, "0" + String(info.st_mode & 0o777, radix: 8))
        }
    }

    /// Refuses (exit 2, naming the path) a file that cannot be created or
    /// written: its folder must exist and take new files (SQLite's -wal and
    /// -shm, a rotated notifications file are created beside it), and an
    /// existing file must be writable. Without this a missing folder showed
    /// as `SQLite error 14` (exit 3) or as every delivery failing later.
    static func checkWritable(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw ValidationError("\(option) is empty; name a file") }
        let folder = (path as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder) else {
            throw ValidationError("cannot write \(option) \(path): no folder \(dir)")
        }
        guard isFolder.boolValue else { throw ValidationError("cannot write \(option) \(path): \(dir) is not a folder") }
        guard access(dir, W_OK | X_OK) == 0 else {
            throw ValidationError("cannot write \(option) \(path): \(dir): " + String(cString: strerror(errno)))
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw ValidationError("cannot write \(option) \(path): it is a folder") }
            guard access(path, W_OK) == 0 else { throw ValidationError("cannot write \(option) \(path): " + String(cString: strerror(errno))) }
        }
    }
}
