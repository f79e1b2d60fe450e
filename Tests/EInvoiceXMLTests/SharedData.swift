import Foundation

/// The shared rules and reference corpus beside the package (`../shared`): `EINGANG_SHARED` if set, else found
/// from this file's `#filePath`. Missing data fails the tests; they are never skipped.
enum SharedData {
    static let environmentVariable = "EINGANG_SHARED"

    /// The shared directory, e.g. `/work/shared`.
    static func root() throws -> String {
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return try existing(configured)
        }
        // Tests/EInvoiceXMLTests/SharedData.swift → ../../../shared
        let testDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return try existing(testDirectory.appendingPathComponent("../../../shared").standardizedFileURL.path)
    }

    /// A file below the shared directory.
    static func path(_ relative: String) throws -> String {
        try root() + "/" + relative
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        let path = try path(relative)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestDataError("cannot read \(path)")
        }
        return [UInt8](data)
    }

    private static func existing(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TestDataError("the shared data directory is missing: \(path) (set \(environmentVariable))")
        }
        return path
    }
}

/// Test data that is missing or malformed: thrown so that the test fails.
struct TestDataError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
