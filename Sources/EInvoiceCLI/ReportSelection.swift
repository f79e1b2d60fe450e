import EInvoicePipeline
import EInvoiceReports

/// The report writers the configuration asks for.
enum ReportSelection {
    static func writers(_ configuration: PipelineConfiguration) throws -> [any ReportWriter] {
        []  // TEMPORARY until the reports branches are merged
    }
}
