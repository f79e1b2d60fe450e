import ArgumentParser
import EInvoicePDF
import Foundation

/// `eingang extract FILE.pdf [-o OUT.xml]`: writes the invoice XML a ZUGFeRD / Factur-X PDF embeds, for operators.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Write the invoice XML embedded in a ZUGFeRD / Factur-X PDF.",
        discussion:
            "Writes to standard output unless -o names a file. Notes on the PDF (relationship, MIME type, XMP"
            + " profile) go to standard error. Exit status: 0 when the invoice was written, 1 when the PDF holds no"
            + " single invoice or cannot be read, 2 for usage errors."
    )

    @Option(name: .shortAndLong, help: "The file to write the XML to (default: standard output).")
    var output: String?

    @Argument(help: "The PDF.")
    var file: String

    func run() throws {
        let limits = PDFLimits()
        guard let handle = FileHandle(forReadingAtPath: file) else {
            FileHandle.standardError.write(Data("eingang: cannot read \(file)\n".utf8))
            throw ExitCode(2)
        }
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        try? handle.close()
        let extracted: ExtractedInvoice
        do {
            extracted = try extractInvoice(from: [UInt8](data), limits: limits)
        } catch {
            FileHandle.standardError.write(Data("eingang: \(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
        for warning in extracted.warnings {
            FileHandle.standardError.write(Data("eingang: \(file): \(warning)\n".utf8))
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(extracted.xml)) else {
                FileHandle.standardError.write(Data("eingang: cannot write \(output)\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(
                Data("eingang: wrote \(extracted.fileName) (\(extracted.xml.count) bytes) to \(output)\n".utf8)
            )
        } else {
            FileHandle.standardOutput.write(Data(extracted.xml))
        }
    }
}
