import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations of the server; every path is made from checked parts (hex hashes, numbers, fixed
/// names), never from what a request or the store says verbatim.
enum FileAccess {
    static func isWritableDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && access(path, W_OK) == 0
    }

    /// Whether `text` is a SHA-256 in lowercase hex (an archive name).
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The archived original with this hash; nil for anything that is not a hash.
    static func archivedOriginal(dataDirectory: String, sha256: String) -> String? {
        guard isSHA256(sha256) else { return nil }
        return dataDirectory + "/archive/" + sha256.prefix(2) + "/" + sha256
    }

    /// A stored report of a rejection's receipt (`invoice-report.html`, `invoice-report.json`).
    static func report(dataDirectory: String, receipt: Int64, name: StaticString) -> String {
        dataDirectory + "/reports/\(receipt)/\(name)"
    }

    static func read(_ path: String, limit: Int = 64 * 1024 * 1024) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: limit) else { return [] }
        return Array(data)
    }

    /// Writes `bytes` into `directory` under `name` atomically: into a dotfile (which the inbox leaves alone) that is
    /// flushed to disk and then renamed, so the pipeline never sees a partial file.
    static func writeAtomically(_ bytes: [UInt8], directory: String, name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/." + name + ".part"
        let final = directory + "/" + name
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o640)
        guard descriptor >= 0 else { throw WriteError(path: temporary, code: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw WriteError(path: temporary, code: code)
            }
            written += result
        }
        let synced = fsync(descriptor)
        close(descriptor)
        guard synced == 0, rename(temporary, final) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteError(path: final, code: code)
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot write \(path): \(String(cString: strerror(code)))" }
    }
}
