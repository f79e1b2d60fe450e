import EInvoiceValidation
import Foundation

/// One document to validate: a file, or standard input.
struct Input: Sendable {
    var name: String
    var path: String?

    struct CollectError: Error, CustomStringConvertible {
        var description: String
    }

    /// Expands directories (recursively, `*.xml` and `*.pdf`, sorted) and keeps files and `-` as given. Files are
    /// told apart by content later, not by these names.
    static func collect(_ paths: [String]) throws -> [Input] {
        var inputs: [Input] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                inputs.append(Input(name: "-", path: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CollectError(description: "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                guard let enumerator = manager.enumerator(atPath: path) else {
                    throw CollectError(description: "\(path): cannot list the directory")
                }
                var found: [String] = []
                while let relative = enumerator.nextObject() as? String {
                    let lowercased = relative.lowercased()
                    if lowercased.hasSuffix(".xml") || lowercased.hasSuffix(".pdf") { found.append(relative) }
                }
                for relative in found.sorted() {
                    let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                    inputs.append(Input(name: full, path: full))
                }
            } else {
                inputs.append(Input(name: path, path: path))
            }
        }
        return inputs
    }

    /// The document's bytes, or why they could not be read.
    /// At most `limit` bytes of the document: a larger one is never read whole, and the validator refuses what
    /// reaches its own size limit (pass one byte more than that limit).
    func read(limit: Int) -> Result<[UInt8], ReadFailure> {
        let handle: FileHandle
        if let path {
            guard let file = FileHandle(forReadingAtPath: path) else {
                return .failure(ReadFailure(message: "cannot read the file"))
            }
            handle = file
        } else {
            handle = FileHandle.standardInput
        }
        defer { if path != nil { try? handle.close() } }
        do {
            return .success([UInt8](try handle.read(upToCount: limit) ?? Data()))
        } catch {
            return .failure(ReadFailure(message: "cannot read the file"))
        }
    }

    struct ReadFailure: Error {
        var message: String
    }
}

extension ValidationReport {
    static func unreadable(file: String, reason: Input.ReadFailure) -> ValidationReport {
        .rejected(file: file, wellformed: false, processingError: "unreadable: \(reason.message)")
    }
}
