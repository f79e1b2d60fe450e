import EInvoiceStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Records for store tests.
enum Fixtures {
    static func booking(_ number: String, seller: String = "DE123456789", tenant: String = "default") -> BookingDraft {
        BookingDraft(
            tenant: tenant,
            invoiceNumber: number,
            sellerName: "Seller",
            sellerKey: seller,
            payableAmount: "119.00",
            currency: "EUR",
            issueDate: "2026-01-01",
            termsJSON: #"{"BT-1":"\#(number)"}"#,
            bundle: "bundle"
        )
    }

    static func rejection(_ reasonClass: String = "rules") -> RejectionDraft {
        RejectionDraft(
            tenant: "default",
            reasonClass: reasonClass,
            reason: "1 rule(s) failed",
            ruleIDs: ["BR-CO-15", "BR-DE-1"],
            invoiceNumber: "R-1",
            sellerName: "Seller",
            reportDirectory: "reports/1",
            bundle: "bundle"
        )
    }

    static func hash(_ seed: Int) -> String {
        let hex = String(seed, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    static let host = DaemonRegistration(host: "test", processID: 1)

    /// Claims files `names` for `daemon` and moves them through claimed and archived (hash `hash(seed)`), as the
    /// pipeline does before a decision.
    static func archived(
        _ store: any InvoiceStore,
        _ names: [String],
        by daemon: DaemonID,
        hashes: [String]? = nil
    ) async throws -> [ReceiptID] {
        let ids = try await store.recordClaims(
            names.map { ClaimRequest(sourceName: $0, sourceKey: "key-" + $0) },
            by: daemon,
            receivedAt: Date()
        ).map { try unwrap($0) }
        try await store.markClaimed(ids)
        for (index, id) in ids.enumerated() {
            _ = try await store.beginDecision(id, sha256: hashes?[index] ?? hash(Int(id) + 1000), size: 100)
        }
        return ids
    }

    struct Missing: Error {}

    static func unwrap<T>(_ value: T?) throws -> T {
        guard let value else { throw Missing() }
        return value
    }
}
