#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A fresh directory under `/tmp`, removed with everything in it when the last reference goes away (or by
/// ``remove()``); see also `withTemporaryDirectory(prefix:_:)`.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path, e.g. `/tmp/eingang-test-1B6C…`.
    public let path: String

    /// Creates an empty directory `/tmp/<prefix>-<UUID>`, readable by its owner only.
    public init(prefix: String = "eingang-test") throws {
        path = "/tmp/\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: path,
            withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o700]
        )
    }

    deinit {
        remove()
    }

    /// Deletes the directory and its contents now; does nothing when it is already gone.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relative` inside the directory.
    public func path(_ relative: String) -> String {
        path + "/" + relative
    }

    /// Writes `bytes` to `relative` inside the directory, creating intermediate directories; returns the path.
    @discardableResult
    public func write(_ bytes: [UInt8], to relative: String) throws -> String {
        let target = path(relative)
        if let slash = target.lastIndex(of: "/") {
            try FileManager.default.createDirectory(
                atPath: String(target[..<slash]),
                withIntermediateDirectories: true
            )
        }
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Writes `text` as UTF-8 to `relative` inside the directory, creating intermediate directories; returns the path.
    @discardableResult
    public func write(_ text: String, to relative: String) throws -> String {
        try write(Array(text.utf8), to: relative)
    }
}

/// Runs `body` with a fresh temporary directory and removes the directory afterwards, whether `body` throws or not.
public func withTemporaryDirectory<Result>(
    prefix: String = "eingang-test",
    _ body: (TemporaryDirectory) throws -> Result
) throws -> Result {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try body(directory)
}

/// Runs `body` with a fresh temporary directory and removes the directory afterwards, whether `body` throws or not.
public func withTemporaryDirectory<Result>(
    prefix: String = "eingang-test",
    _ body: (TemporaryDirectory) async throws -> Result
) async throws -> Result {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try await body(directory)
}
