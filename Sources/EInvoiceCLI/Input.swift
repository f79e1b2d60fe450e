import EInvoiceValidation
import Foundation

/// One document to validate: a file, or standard input.
struct Input: Sendable {
    var name: String
    var path: String?

    struct CollectError: Error, CustomStringConvertible {
        var description: String
    }

    /// Expands directories (recursively, `*.xml`, sorted) and keeps files and `-` as given.
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
                    if relative.hasSuffix(".xml") { found.append(relative) }
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
    func read() -> Result<[UInt8], ReadFailure> {
        guard let path else {
            return .success([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadFailure(message: "cannot read the file"))
        }
        return .success([UInt8](data))
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
