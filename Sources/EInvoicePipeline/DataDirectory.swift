#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data directory's layout: `eingang.sqlite` (the embedded store), `archive/` (originals by SHA-256),
/// `work/` (claimed files, by receipt number), `reports/<receipt>/` (the reports of a rejection), `eingang.lock`.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var databasePath: String { path + "/eingang.sqlite" }
    public var archive: Archive { Archive(directory: path + "/archive") }
    var workDirectory: String { path + "/work" }
    var reportsDirectory: String { path + "/reports" }

    func workPath(_ receipt: Int64) -> String { workDirectory + "/\(receipt)" }

    /// The reports of a receipt, relative to the data directory.
    func reportDirectory(_ receipt: Int64) -> String { "reports/\(receipt)" }

    /// Creates the directories.
    public func prepare() throws {
        for directory in [path, archive.directory, workDirectory, reportsDirectory] {
            try SystemCall.makeDirectories(directory)
        }
    }

    /// Takes the data directory for this process (one daemon per data directory); the lock ends with the process,
    /// however it ends. Returns nil when another process holds it.
    public func lock() throws -> DataDirectoryLock? {
        let lockPath = path + "/eingang.lock"
        let fd = try SystemCall.open(lockPath, O_RDWR | O_CREAT)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return nil
        }
        return DataDirectoryLock(descriptor: fd)
    }
}

/// Held while a pipeline runs on a data directory.
public final class DataDirectoryLock: Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
