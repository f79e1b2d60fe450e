#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the package and the shared data beside it are, for tests: found from this file's `#filePath`, so tests
/// work from any working directory, with environment variables to point elsewhere.
public enum PackagePaths {
    /// The environment variable naming the rules directory (the same one the CLI reads).
    public static let rulesEnvironmentVariable = "EINGANG_RULES"

    /// The package root: the nearest directory above this source file that contains `Package.swift`.
    public static func packageRoot() throws -> String {
        var directory = parent(#filePath)
        while directory != "/" {
            if FileManager.default.fileExists(atPath: directory + "/Package.swift") {
                return directory
            }
            directory = parent(directory)
        }
        throw TestDataError("no Package.swift above \(#filePath)")
    }

    /// `Schemas/` of the package (lock manifest and scenario map).
    public static func schemasDirectory() throws -> String {
        try existingDirectory(packageRoot() + "/Schemas", what: "the Schemas directory")
    }

    /// `Samples/` of the package (invoices of our own making).
    public static func samplesDirectory() throws -> String {
        try existingDirectory(packageRoot() + "/Samples", what: "the Samples directory")
    }

    /// The official rules: `EINGANG_RULES` if set, else `../shared/rules` beside the package root.
    ///
    /// - Throws: when the directory does not exist, so that a test needing the rules fails instead of passing
    ///   quietly.
    public static func rulesDirectory() throws -> String {
        if let configured = ProcessInfo.processInfo.environment[rulesEnvironmentVariable], !configured.isEmpty {
            return try existingDirectory(configured, what: "the rules directory (\(rulesEnvironmentVariable))")
        }
        return try existingDirectory(
            parent(packageRoot()) + "/shared/rules",
            what: "the rules directory (set \(rulesEnvironmentVariable) to use another)"
        )
    }

    static func existingDirectory(_ path: String, what: String) throws -> String {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory else {
            throw TestDataError("\(what) is missing: \(path)")
        }
        return path
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

/// Test data that is missing or malformed; thrown so that the test fails, never skipped.
public struct TestDataError: Error, CustomStringConvertible {
    /// What is wrong, with the path concerned.
    public var message: String

    /// An error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
