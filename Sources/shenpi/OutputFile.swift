import ArgumentParser
import Foundation

/// Writes a command's output file; a failure is bad usage with the system's
/// reason ("No such file or directory"), not Foundation's generic text.
enum OutputFile {
    static func write(_ data: Data, to path: String) throws {
        errno = 0
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw ValidationError("cannot write \(path): " + (errno != 0 ? String(cString: strerror(errno)) : "not writable"))
        }
    }
}
