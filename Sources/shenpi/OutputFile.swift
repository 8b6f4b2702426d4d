import ArgumentParser
import Foundation

/// Writes a command's output file as a shell's `>` would, but atomically
/// where it can: a failure is bad usage with the system's reason ("No such
/// file or directory"), not Foundation's generic text.
///
/// - A symbolic link is followed: its target gets the output, the link
///   stays (an atomic write alone would replace the link with a file).
/// - A device or a named pipe (`--out /dev/null`, `/dev/stdout`) is written
///   to, never replaced: an atomic write renames a new file over the path,
///   which as root would put a regular file in place of `/dev/null`.
/// - A file the user may not write is refused, not replaced.
enum OutputFile {
    static func write(_ data: Data, to path: String) throws {
        let target = try followingLinks(path)
        var info = stat()
        if stat(target, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw ValidationError("cannot write \(path): it is a folder") }
            guard access(target, W_OK) == 0 else { throw ValidationError("cannot write \(path): " + String(cString: strerror(errno))) }
            if info.st_mode & S_IFMT != S_IFREG { return try writeInPlace(data, to: target, naming: path) }
        }
        errno = 0
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            throw ValidationError("cannot write \(path): " + (errno != 0 ? String(cString: strerror(errno)) : "not writable"))
        }
    }

    /// Where `path` leads through any symbolic links, the last of which may
    /// name a file still to be made.
    static func followingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw ValidationError("cannot write \(path): " + String(cString: strerror(errno))) }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        throw ValidationError("cannot write \(path): too many levels of symbolic links")
    }

    private static func writeInPlace(_ data: Data, to target: String, naming path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: target) else {
            throw ValidationError("cannot write \(path): " + String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: data) } catch { throw ValidationError("cannot write \(path): \(error.localizedDescription)") }
    }
}
