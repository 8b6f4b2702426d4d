import Foundation

/// Which file on disk a path names: `(st_dev, st_ino)` of the path's last
/// entry, through linked folders on the way but not through the last link
/// itself. Two paths with one identity are one file reached twice (through a
/// linked folder, `alias/a.yaml` and `real/a.yaml`, or named twice): checked
/// twice, its workflow id would clash with itself (a false `duplicate-id`).
/// A link file is an entry of its own: a catalog holding `b.yaml -> a.yaml`
/// does list that flow twice, and each is checked under its own name.
struct FileIdentity: Hashable, Sendable {
    private var device: UInt64 = 0
    private var inode: UInt64 = 0
    /// A path that `lstat` cannot see (gone since the walk) is its own identity.
    private var unseen: String?

    init(of path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            unseen = path
            return
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// The first path met for each file: the one a file is read and shown under.
struct FirstPaths {
    private var first: [FileIdentity: String] = [:]

    /// `path` when its file is new, else the path the file was first met under.
    mutating func canonical(_ path: String) -> String {
        let identity = FileIdentity(of: path)
        if let known = first[identity] { return known }
        first[identity] = path
        return path
    }
}
