#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file in the inbox that may be taken.
struct InboxFile: Sendable, Hashable {
    /// The path relative to the inbox, as shown (bytes that are not UTF-8 are replaced).
    var relativePath: String
    /// The absolute path, as the system calls need it.
    var path: String
    var size: Int64
    /// Last modification, seconds since 1970.
    var modified: Double
    /// A symbolic link: taken and rejected, never followed.
    var isSymbolicLink: Bool
    /// The file itself rather than its name: inode, modification time and size (the same on every host of a shared
    /// file system), so that a file another daemon took is told from a new one that arrived under the same name.
    var key: String
}

/// Lists the files of the inbox that are ready to be taken: regular files and symbolic links, in all
/// subdirectories (never through a symbolic link), except names that are still being written (`*.part`, `*.tmp`,
/// dotfiles, …) and files modified within the last `stableAfter` seconds.
struct InboxScanner: Sendable {
    var inbox: String
    /// Seconds a file must be left unmodified before it is taken.
    var stableAfter: Double
    /// Absolute paths under the inbox that are never entered (the data directory, when it is inside the inbox).
    var excluded: Set<String> = []

    /// Names of files that are still being written or are not meant for us.
    static func isTemporary(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasPrefix("~") || name.hasSuffix("~") { return true }
        let lower = name.lowercased()
        return [".part", ".tmp", ".temp", ".crdownload", ".partial", ".swp", ".filepart"].contains {
            lower.hasSuffix($0)
        }
    }

    /// A file's identity as `lstat` describes it (see `InboxFile.key`).
    static func key(_ info: stat) -> String {
        "\(info.st_ino)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_size)"
    }

    /// The identity of the file at `path` now, nil when there is none.
    static func key(ofFileAt path: String) -> String? {
        var info = stat()
        return lstat(path, &info) == 0 ? key(info) : nil
    }

    struct Listing {
        /// Ready files, oldest first.
        var ready: [InboxFile] = []
        /// Files that are not yet stable: the caller looks again soon.
        var waiting = 0
        /// Names that are not UTF-8, left in the inbox.
        var unreadableNames = 0
        /// Directories seen (for the watcher).
        var directories: [String] = []
    }

    func scan(now: Double) -> Listing {
        var listing = Listing()
        walk(inbox, relative: "", now: now, into: &listing)
        listing.ready.sort { ($0.modified, $0.relativePath) < ($1.modified, $1.relativePath) }
        return listing
    }

    private func walk(_ directory: String, relative: String, now: Double, into listing: inout Listing) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        listing.directories.append(directory)
        var subdirectories: [(String, String)] = []
        while let entry = readdir(handle) {
            let rawName = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            // A name that is not UTF-8 cannot travel through Swift's String to a system call: it stays in the inbox
            // and is counted, so an operator can rename it.
            guard let name = String(validating: rawName, as: UTF8.self) else {
                listing.unreadableNames += 1
                continue
            }
            if name == "." || name == ".." || Self.isTemporary(name) { continue }
            let path = directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            if lstat(path, &info) != 0 { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !excluded.contains(path) { subdirectories.append((path, relativePath)) }
            case S_IFREG, S_IFLNK:
                let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                let key = Self.key(info)
                if now - modified < stableAfter {
                    listing.waiting += 1
                    continue
                }
                listing.ready.append(
                    InboxFile(
                        relativePath: relativePath,
                        path: path,
                        size: Int64(info.st_size),
                        modified: modified,
                        isSymbolicLink: info.st_mode & S_IFMT == S_IFLNK,
                        key: key
                    )
                )
            default:
                // FIFOs, sockets and devices are never opened: reading one could block or never end.
                continue
            }
        }
        for (path, relativePath) in subdirectories.sorted(by: { $0.1 < $1.1 }) {
            walk(path, relative: relativePath, now: now, into: &listing)
        }
    }
}
