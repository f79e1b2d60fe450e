import EInvoicePDF
import EInvoiceStore
import Foundation
import Hummingbird

/// Invoices submitted over HTTP (`POST /api/v1/invoices`): written into the inbox atomically, so they take the
/// same way as a file dropped there.
enum Submissions {
    /// The inbox subdirectory of HTTP submissions of tenants without their own inbox subdirectory.
    static let directory = "http"

    /// 32 lowercase hex digits.
    static func isIdentifier(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension Workspace {
    func submit(_ request: Request, token: APIToken, scope: TenantScope) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxUploadSize)
        } catch {
            return APIError.response(
                .contentTooLarge,
                "too_large",
                "an invoice has at most \(configuration.maxUploadSize) bytes"
            )
        }
        guard body.readableBytes > 0 else {
            return APIError.response(.badRequest, "empty", "the body is the invoice: its XML, or a hybrid PDF")
        }
        // A token of exactly one tenant with its own inbox subdirectory writes there (so the invoice is that
        // tenant's); otherwise the pipeline decides the tenant by the buyer reference.
        var tenant: String? = nil
        var subdirectory = Submissions.directory
        if case .only(let tenants) = scope, tenants.count == 1 {
            tenant = tenants[0]
            if let inbox = configuration.tenantInboxes[tenants[0]] {
                subdirectory = inbox + "/" + Submissions.directory
            }
        }
        let id = SecureRandom.identifier()
        let bytes = Array(buffer: body)
        // A hybrid PDF (ZUGFeRD / Factur-X) keeps its kind in its name, for the clerks; the pipeline goes by content.
        let name = id + (isPDF(bytes) ? ".pdf" : ".xml")
        let submission = Submission(
            id: id,
            tokenID: token.id,
            tenant: tenant,
            sourceName: subdirectory + "/" + name,
            submittedAt: Date()
        )
        try await store.addSubmission(submission)
        try FileAccess.writeAtomically(
            bytes,
            directory: configuration.inbox + "/" + subdirectory,
            name: name
        )
        return JSON.response(
            ["id": id, "status": "queued", "status_url": "/api/v1/invoices/\(id)"],
            status: .accepted,
            headers: [.location: "/api/v1/invoices/\(id)"]
        )
    }

    /// `queued` (in the inbox), `processing`, then `booked`, `rejected`, `suspected_duplicate` or `duplicate`,
    /// with the entry's id when it is within the token's tenants.
    func submissionStatus(_ submission: Submission, scope: TenantScope) async throws -> [String: Any] {
        var object: [String: Any] = [
            "id": submission.id, "submitted_at": JSON.timestamp(submission.submittedAt),
        ]
        guard let receipt = try await store.receipt(sourceName: submission.sourceName) else {
            object["status"] = "queued"
            return object
        }
        object["receipt_id"] = receipt.id
        guard receipt.state == .settled, let outcome = receipt.outcome else {
            object["status"] = "processing"
            return object
        }
        object["status"] = outcome.rawValue
        if outcome == .duplicate, let earlier = receipt.duplicateOf { object["duplicate_of_receipt"] = earlier }
        if let decision = try await store.storedDecisions(after: receipt.id - 1, limit: 1).first,
            decision.receiptID == receipt.id, scope.contains(decision.tenant)
        {
            switch decision.kind {
            case .booked: object["booking_id"] = decision.entryID
            case .held: object["held_id"] = decision.entryID
            case .rejected:
                object["rejection_id"] = decision.entryID
                object["reason_class"] = JSON.value(decision.reasonClass)
                object["rule_ids"] = decision.ruleIDs
            }
        }
        return object
    }
}
