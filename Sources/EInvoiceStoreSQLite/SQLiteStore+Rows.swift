import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteStore {
    static func date(_ seconds: Double?) -> Date? { seconds.map { Date(timeIntervalSince1970: $0) } }

    static func receipt(_ row: Row) -> Receipt {
        Receipt(
            id: row["id"],
            sourceName: row["source_name"],
            sourceKey: (row["source_key"] as String?) ?? "",
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            state: ReceiptState(rawValue: row["state"]) ?? .claiming,
            sha256: row["sha256"],
            size: row["size"],
            attempts: row["attempts"],
            outcome: (row["outcome"] as String?).flatMap(Outcome.init(rawValue:)),
            duplicateOf: row["duplicate_of"],
            settledAt: date(row["settled_at"]),
            owner: row["owner"]
        )
    }

    static let bookingSelect = """
        SELECT b.*, r.sha256 AS sha256, r.source_name AS source_name, r.received_at AS received_at
        FROM booking b JOIN receipt r ON r.id = b.receipt_id
        """

    /// A booking entry; the business terms only when `withTerms` (lists leave them out).
    static func booking(_ row: Row, withTerms: Bool) -> BookingEntry {
        BookingEntry(
            id: row["id"],
            receiptID: row["receipt_id"],
            sha256: row["sha256"],
            sourceName: row["source_name"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            tenant: row["tenant"],
            invoiceNumber: row["invoice_number"],
            sellerName: row["seller_name"],
            payableAmount: row["payable_amount"],
            currency: row["currency"],
            issueDate: row["issue_date"],
            status: BookingStatus(rawValue: row["status"]) ?? .new,
            bookedAt: Date(timeIntervalSince1970: row["booked_at"]),
            acknowledgedAt: date(row["acknowledged_at"]),
            bundle: row["bundle"],
            terms: withTerms ? row["terms"] : nil,
            flag: row["flag"],
            releasedFrom: row["released_from"]
        )
    }

    static let rejectionSelect = """
        SELECT j.*, r.sha256 AS sha256, r.source_name AS source_name, r.received_at AS received_at
        FROM rejection j JOIN receipt r ON r.id = j.receipt_id
        """

    static func rejection(_ row: Row) -> RejectionEntry {
        let rules: String = row["rule_ids"]
        return RejectionEntry(
            id: row["id"],
            receiptID: row["receipt_id"],
            sha256: row["sha256"],
            sourceName: row["source_name"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            tenant: row["tenant"],
            reasonClass: row["reason_class"],
            reason: row["reason"],
            ruleIDs: rules.split(separator: " ").map(String.init),
            invoiceNumber: row["invoice_number"],
            sellerName: row["seller_name"],
            reportDirectory: row["report_directory"],
            status: RejectionStatus(rawValue: row["status"]) ?? .open,
            rejectedAt: Date(timeIntervalSince1970: row["rejected_at"]),
            bundle: row["bundle"]
        )
    }
}
