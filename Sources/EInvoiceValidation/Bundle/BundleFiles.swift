#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The few file-system calls the rule bundle needs, with failures as short, loggable reasons.
enum BundleFiles {
    /// The whole file, or why it could not be read (e.g. `ENOENT`, `EACCES`, `EISDIR`).
    static func contents(ofFile path: String) -> Result<Data, ReadFailure> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError {
            if let posix = error.underlying as? POSIXError {
                return .failure(ReadFailure(reason: "\(posix.code)"))
            }
            return .failure(ReadFailure(reason: "Cocoa error \(error.code.rawValue)"))
        } catch {
            return .failure(ReadFailure(reason: "\(type(of: error))"))
        }
    }

    /// SHA-256 of the whole file as lowercase hex, or why it could not be read.
    static func sha256(ofFile path: String) -> Result<String, ReadFailure> {
        contents(ofFile: path).map { data in data.withUnsafeBytes { SHA256.hex($0) } }
    }

    /// Whether `path` names an existing directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory
    }

    /// Whether `path` names an existing file that is not a directory (following symbolic links).
    static func isFile(_ path: String) -> Bool {
        var isDirectory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory
    }

    /// Every file below `directory` (recursively, symbolic links followed), as '/'-separated relative paths.
    static func files(below directory: String) -> [String] {
        guard let subpaths = try? FileManager.default.subpathsOfDirectory(atPath: directory) else { return [] }
        return subpaths.filter { isFile(directory + "/" + $0) }
    }

    /// Why a file could not be read; never quotes file content.
    struct ReadFailure: Error {
        var reason: String
    }
}

/// Lexical path operations on '/'-separated POSIX paths (no file-system access, symbolic links not resolved).
enum BundlePaths {
    /// `path` made absolute against `base` (when relative), with `.`, `..` and repeated slashes removed.
    static func absolute(_ path: String, base: String) -> String {
        normalized(path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// `path` with `.`, `..` and repeated slashes removed; `..` at the root stays at the root.
    static func normalized(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                if !components.isEmpty { components.removeLast() }
            default:
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The directory containing `path` (an absolute, normalised path); the root is its own parent.
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `path` (absolute, normalised) and each of its ancestors, innermost first, ending with `/`.
    static func selfAndAncestors(_ path: String) -> [String] {
        var result = [path]
        var current = path
        while current != "/" {
            current = parent(current)
            result.append(current)
        }
        return result
    }

    /// `directory` and `relative` joined by exactly one '/'.
    static func join(_ directory: String, _ relative: String) -> String {
        directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}
