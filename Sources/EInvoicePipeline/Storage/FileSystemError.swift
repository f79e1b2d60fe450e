#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a file: which call, on what, and errno (STYLE: errno is read in one place, `check`).
public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public var call: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(call) \(path): \(String(cString: strerror(errno)))"
    }

    /// The file was not there.
    public var isNotFound: Bool { errno == ENOENT }
    /// The path is a symbolic link (opened with `O_NOFOLLOW`).
    public var isSymbolicLink: Bool { errno == ELOOP }
    /// The disk (or the quota) is full.
    public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// Thin wrappers around the system calls the pipeline needs; each reads errno right after its call.
enum SystemCall {
    @inline(never)
    static func check(_ result: Int32, _ call: String, _ path: String) throws -> Int32 {
        if result < 0 { throw FileSystemError(call: call, path: path, errno: errno) }
        return result
    }

    @inline(never)
    static func check(_ result: Int, _ call: String, _ path: String) throws -> Int {
        if result < 0 { throw FileSystemError(call: call, path: path, errno: errno) }
        return result
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        try check(Glibc.open(path, flags | O_CLOEXEC, mode), "open", path)
    }

    static func rename(_ from: String, _ to: String) throws {
        _ = try check(Glibc.rename(from, to), "rename", from)
    }

    static func unlink(_ path: String) throws {
        _ = try check(Glibc.unlink(path), "unlink", path)
    }

    /// Removes a file if it is there.
    static func removeIfPresent(_ path: String) throws {
        if Glibc.unlink(path) < 0 {
            let error = FileSystemError(call: "unlink", path: path, errno: errno)
            if !error.isNotFound { throw error }
        }
    }

    static func fsync(_ fd: Int32, _ path: String) throws {
        _ = try check(Glibc.fsync(fd), "fsync", path)
    }

    /// Makes a rename or a new file in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let fd = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, directory)
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) < 0 {
                let error = FileSystemError(call: "mkdir", path: current, errno: errno)
                if error.errno != EEXIST { throw error }
            }
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(call: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Reads the whole file, at most `limit` bytes (callers pass their size limit + 1 to see an oversized file).
    /// Does not follow a symbolic link.
    static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY | O_NOFOLLOW)
        defer { close(fd) }
        var info = stat()
        let expected = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        // Read straight into the result: room for the expected size and one byte more (to see a file that grew).
        var bytes = [UInt8](unsafeUninitializedCapacity: min(limit, max(expected + 1, 4096))) { _, count in count = 0 }
        var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { _, count in count = 1 << 16 }
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(call: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Writes `bytes` to `path` so that it appears whole or not at all: a temporary file in the same directory,
    /// then a rename; when `durable`, the file is forced to disk before the rename and the directory after it.
    static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        // Unique across processes and hosts: daemons on several machines may write the same reports at once.
        let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try bytes.withUnsafeBytes { buffer throws in try writeAll(fd, buffer, temporary) }
            if durable { try fsync(fd, temporary) }
            close(fd)
        } catch {
            close(fd)
            _ = Glibc.unlink(temporary)
            throw error
        }
        try rename(temporary, path)
        if durable { try syncDirectory(parent(of: path)) }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
