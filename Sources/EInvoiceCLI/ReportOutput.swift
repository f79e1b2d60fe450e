import EInvoiceBusinessTerms
import EInvoiceReports
import EInvoiceValidation
import Foundation

/// `--report … --output DIR`: renders each document's reports in its validation task and writes them as
/// `DIR/<name>-report.xml|json|html` once the rule bundle is verified.
struct ReportOutput: Sendable {
    /// One rendered report file.
    struct File: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    struct RenderError: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String
    let writers: [any ReportWriter]
    /// The base name of each input's reports, in input order (``baseNames(_:)``).
    let names: [String]

    /// The reports of input `index`, rendered: only formatting, validation is done.
    func render(
        _ validation: ValidationReport,
        input index: Int,
        bytes: [UInt8],
        identity: InvoiceIdentity?,
        validatedAt: Date,
        validator: Validator
    ) -> Result<[File], RenderError> {
        let report = DocumentReport(
            validation: validation,
            sourceName: validation.file,
            source: bytes,
            identity: identity,
            validatedAt: validatedAt,
            validator: validator
        )
        var files: [File] = []
        for writer in writers {
            do {
                files.append(File(name: names[index] + writer.format.fileSuffix, bytes: try writer.render(report)))
            } catch {
                return .failure(
                    RenderError(description: "cannot write the \(writer.format) report of \(validation.file): \(error)")
                )
            }
        }
        return .success(files)
    }

    /// Writes the files into the output directory.
    func write(_ files: [File]) throws(RenderError) {
        for file in files {
            let path = directory + "/" + file.name
            guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
                throw RenderError(description: "cannot write \(path)")
            }
        }
    }

    /// The base name of each input's reports: the file name without `.xml` or `.pdf`, `stdin` for standard input. Names
    /// that collide (the same file name in two directories; compared ignoring case, for case-insensitive file
    /// systems) are made unique in input order: the first keeps its name, each later one gets the lowest suffix
    /// `-2`, `-3`, … that no other input uses.
    static func baseNames(_ inputs: [Input]) -> [String] {
        let wanted = inputs.map { input -> String in
            guard input.path != nil else { return "stdin" }
            var name = input.name.split(separator: "/").last.map(String.init) ?? input.name
            if name.lowercased().hasSuffix(".xml") || name.lowercased().hasSuffix(".pdf") { name.removeLast(4) }
            return name.isEmpty ? "document" : name
        }
        var taken = Set(wanted.map { $0.lowercased() })
        var seen: Set<String> = []
        var result: [String] = []
        for name in wanted {
            if seen.insert(name.lowercased()).inserted {
                result.append(name)
                continue
            }
            var number = 2
            while taken.contains("\(name)-\(number)".lowercased()) { number += 1 }
            let unique = "\(name)-\(number)"
            taken.insert(unique.lowercased())
            result.append(unique)
        }
        return result
    }
}
