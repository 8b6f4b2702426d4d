#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Loader {
    /// Loads text already in memory (tests, editors, stdin).
    public func load(text: String, file: String) -> LoadedDocument {
        load(bytes: Array(text.utf8), file: file)
    }

    /// Reads and loads a file. A file that cannot be read yields one `io`
    /// diagnostic; a regular file over the size limit is refused from its
    /// size alone, without reading it.
    /// `file` names the file in diagnostics (default: `path`).
    public func load(path: String, file: String? = nil) -> LoadedDocument {
        let name = file ?? path
        switch readFile(path) {
        case .success(let bytes):
            return load(bytes: bytes, file: name)
        case .failure(let problem):
            let diagnostic: Diagnostic
            switch problem {
            case .tooLarge(let size):
                diagnostic = .loader(
                    LoaderRule.fileTooLarge, "file is \(size) bytes; the limit is \(limits.maxFileBytes)",
                    file: name, range: .fileStart)
            case .unreadable(let reason):
                diagnostic = .loader(LoaderRule.io, "cannot read file: \(reason)", file: name, range: .fileStart)
            }
            return LoadedDocument(file: name, root: nil, diagnostics: [diagnostic], lines: [])
        }
    }

    private enum ReadProblem: Error {
        case unreadable(String)
        case tooLarge(Int)
    }

    /// POSIX rather than Foundation: it gives the system's reason ("no such
    /// file or directory") and lets us check the size before reading.
    private func readFile(_ path: String) -> Result<[UInt8], ReadProblem> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(.unreadable(Self.reason(errno))) }
        defer { close(fd) }

        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(Self.reason(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(.unreadable(Self.reason(EISDIR))) }
        let size = Int(clamping: info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > limits.maxFileBytes { return .failure(.tooLarge(size)) }

        // Read at most one byte past the limit: enough to know a pipe or a
        // growing file is too large without reading all of it.
        let cap = limits.maxFileBytes == Int.max ? Int.max : limits.maxFileBytes + 1
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < cap {
            let wanted = min(chunk.count, cap - bytes.count)
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(Self.reason(errno)))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return .success(bytes)
    }

    /// The system's description of an errno value, lowercased to read as part of our message.
    private static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return "error \(code)" }
        return first.lowercased() + text.dropFirst()
    }
}
