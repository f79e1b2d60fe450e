public import EInvoicePipeline
public import EInvoiceStore
public import EInvoiceValidation
public import EInvoiceXML
import Synchronization

/// "Reprocess with the current rules" for one invoice: the pipeline's reprocessing (README, "Reprocessing") with
/// the rules this process has loaded, restricted to one receipt. It books a rejection that now passes exactly once
/// (or holds it as a suspected duplicate), records its audit entries, and never changes an archived original.
public struct PipelineReprocessing: InvoiceReprocessing {
    let configuration: PipelineConfiguration
    let validator: Validator
    let bundleHash: String
    let store: any InvoiceStore
    let extractTerms: @Sendable (XMLTree) -> ExtractedTerms?

    public init(
        configuration: PipelineConfiguration,
        validator: Validator,
        bundleHash: String,
        store: any InvoiceStore,
        extractTerms: @escaping @Sendable (XMLTree) -> ExtractedTerms?
    ) {
        self.configuration = configuration
        self.validator = validator
        self.bundleHash = bundleHash
        self.store = store
        self.extractTerms = extractTerms
    }

    public func reprocess(receipt: ReceiptID, actor: String) async throws -> String {
        let reprocessor = Reprocessor(
            configuration: configuration,
            validator: validator,
            bundleHash: bundleHash,
            store: store,
            extractTerms: extractTerms
        )
        let seen = Mutex<[ReprocessedInvoice]>([])
        let summary = try await reprocessor.run(
            ReprocessOptions(filter: ReprocessFilter(status: .all, receipt: receipt), jobs: 1, actor: actor),
            observer: ReprocessObserver(invoice: { invoice, _ in seen.withLock { $0.append(invoice) } })
        )
        guard let invoice = seen.withLock({ $0.first }) else {
            return summary.skipped > 0 ? "cannot be reprocessed (no archived original)" : "nothing to reprocess"
        }
        var text = "\(invoice.change.rawValue) under bundle \(bundleHash.prefix(12))"
        if let action = invoice.action, action != .none { text += ": \(action.rawValue)" }
        if let booking = invoice.bookingID { text += " as booking \(booking)" }
        if !invoice.after.ruleIDs.isEmpty { text += "; failing: " + invoice.after.ruleIDs.joined(separator: ", ") }
        return text
    }
}
