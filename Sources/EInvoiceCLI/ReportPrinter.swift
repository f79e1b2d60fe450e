import EInvoiceValidation
import EInvoiceXML
import Foundation

/// Prints reports to standard output: JSON Lines or readable text blocks.
struct ReportPrinter {
    var format: ValidateCommand.Format

    func print(_ report: ValidationReport) {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(report) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        case .text:
            FileHandle.standardOutput.write(Data(text(report).utf8))
        }
    }

    func text(_ report: ValidationReport) -> String {
        var lines = ["\(report.file): \(report.decision == .accept ? "ACCEPT" : "REJECT")"]
        if let embedded = report.embedded {
            let facts = [embedded.profile.map { "profile \($0)" }, embedded.relationship, embedded.mimeType]
                .compactMap(\.self)
            let details = facts.isEmpty ? "" : " (\(facts.joined(separator: ", ")))"
            lines.append("  embedded invoice: \(embedded.fileName ?? "none")\(details)")
            for warning in embedded.warnings { lines.append("  PDF warning: \(warning)") }
        }
        lines.append("  scenario: \(report.scenario ?? "none")")
        if let error = report.processingError { lines.append("  processing error: \(error)") }
        if let valid = report.xsdValid { lines.append("  XML Schema: \(valid ? "valid" : "invalid")") }
        for error in report.xsdErrors { lines.append("  xsd \(error.line):\(error.column) \(error.message)") }
        for message in report.failed {
            lines.append("  [\(message.level.rawValue)] \(message.id) line \(message.line) \(message.path)")
            lines.append("      \(message.text)")
        }
        for message in report.failedUngated ?? [] {
            lines.append("  (not counted) [\(message.level.rawValue)] \(message.id) \(message.path)")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }
}
