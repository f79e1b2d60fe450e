import EInvoicePipeline
import EInvoiceReports

/// The report writers the configuration asks for.
enum ReportSelection {
    struct UnavailableFormat: Error, CustomStringConvertible {
        var format: String
        var description: String { "reports: this build has no \(format) report writer" }
    }

    static func writers(_ configuration: PipelineConfiguration) throws -> [any ReportWriter] {
        let options = ReportOptions(language: configuration.reportLanguage)
        return try configuration.reportFormats.map { name in
            guard let format = ReportFormat(rawValue: name),
                let writer = ReportWriters.writer(for: format, options: options)
            else { throw UnavailableFormat(format: name) }
            return writer
        }
    }
}
