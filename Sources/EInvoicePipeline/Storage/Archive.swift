import EInvoiceValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write-once, content-addressed archive of originals: `archive/ab/abcdef…` named by the SHA-256 of the bytes.
/// A file there is never changed or removed; storing the same bytes twice leaves the first copy.
public struct Archive: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Where files are written before they are named by their hash.
    var incoming: String { directory + "/.incoming" }

    /// Where the original with this hash is.
    public func path(of sha256: String) -> String {
        directory + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// Where the invoice XML taken out of the PDF with this hash is kept: beside it, `<sha256>.xml`.
    public func embeddedPath(of sha256: String) -> String {
        path(of: sha256) + ".xml"
    }

    /// Keeps the invoice XML embedded in the archived PDF `sha256` beside it, durably and write-once (the same
    /// PDF always yields the same XML; its own hash is in the reports and the booking entry).
    public func storeEmbedded(_ xml: [UInt8], besideOriginal sha256: String) throws {
        let target = embeddedPath(of: sha256)
        if SystemCall.exists(target) { return }
        try SystemCall.writeAtomically(xml, to: target)
    }

    /// Copies the file at `source` into the archive while hashing it, durably, and returns its hash and size. Does
    /// not follow a symbolic link (throws a `FileSystemError` whose `isSymbolicLink` is true).
    public func store(fileAt source: String) throws -> (sha256: String, size: Int64) {
        let input = try SystemCall.open(source, O_RDONLY | O_NOFOLLOW)
        defer { close(input) }
        let temporary = incoming + "/\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let output: Int32
        do {
            output = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444)
        } catch let error as FileSystemError where error.isNotFound {
            try SystemCall.makeDirectories(incoming)
            output = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444)
        }
        var hasher = SHA256.Hasher()
        var size: Int64 = 0
        do {
            // Not zeroed: `read` fills what is used.
            var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 18) { _, count in count = 1 << 18 }
            while true {
                let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(call: "read", path: source, errno: errno)
                }
                if count == 0 { break }
                try chunk.withUnsafeBytes { buffer throws in
                    let part = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    hasher.update(part)
                    try SystemCall.writeAll(output, part, temporary)
                }
                size += Int64(count)
            }
            try SystemCall.fsync(output, temporary)
            close(output)
        } catch {
            close(output)
            _ = unlink(temporary)
            throw error
        }
        let sha256 = SHA256.hexString(hasher.finalize())
        let target = path(of: sha256)
        if SystemCall.exists(target) {
            // Write-once: the same bytes are already there.
            try SystemCall.unlink(temporary)
        } else {
            do {
                try SystemCall.rename(temporary, target)
            } catch let error as FileSystemError where error.isNotFound {
                try SystemCall.makeDirectories(SystemCall.parent(of: target))
                try SystemCall.rename(temporary, target)
            }
            try SystemCall.syncDirectory(SystemCall.parent(of: target))
        }
        return (sha256, size)
    }
}
