import EInvoiceStore
import PostgresNIO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reading records from rows.
extension PostgresStore {
    static let receiptColumns = """
        id, source_name, source_key, received_at, state, owner, sha256, size, attempts, outcome, duplicate_of, \
        settled_at
        """

    /// The receipt columns qualified by a table name (where a join makes them ambiguous).
    static func receiptColumns(of table: String) -> String {
        receiptColumns.split(separator: ",").map { table + "." + $0.filter { !$0.isWhitespace } }
            .joined(separator: ", ")
    }

    static func receipt(_ row: PostgresRandomAccessRow) throws -> Receipt {
        Receipt(
            id: try row["id"].decode(Int64.self),
            sourceName: try row["source_name"].decode(String.self),
            sourceKey: try row["source_key"].decode(String.self),
            receivedAt: try row["received_at"].decode(Date.self),
            state: ReceiptState(rawValue: try row["state"].decode(String.self)) ?? .claiming,
            sha256: try row["sha256"].decode(String?.self),
            size: try row["size"].decode(Int64?.self),
            attempts: try row["attempts"].decode(Int.self),
            outcome: try row["outcome"].decode(String?.self).flatMap(Outcome.init(rawValue:)),
            duplicateOf: try row["duplicate_of"].decode(Int64?.self),
            settledAt: try row["settled_at"].decode(Date?.self),
            owner: try row["owner"].decode(Int64?.self)
        )
    }

    /// A booking entry joined with its receipt; `terms` is selected only when one entry is fetched.
    static func bookingSelect(withTerms: Bool) -> String {
        """
        SELECT b.id, b.receipt_id, b.tenant, b.invoice_number, b.seller_name, b.seller_key, b.payable_amount, \
        b.currency, b.issue_date, b.status, b.booked_at, b.acknowledged_at, b.bundle, b.flag, b.flagged_at, \
        b.released_from, \
        \(withTerms ? "b.terms" : "NULL::text AS terms"), r.sha256, r.source_name, r.received_at \
        FROM booking b JOIN receipt r ON r.id = b.receipt_id
        """
    }

    static func booking(_ row: PostgresRandomAccessRow) throws -> BookingEntry {
        BookingEntry(
            id: try row["id"].decode(Int64.self),
            receiptID: try row["receipt_id"].decode(Int64.self),
            sha256: try row["sha256"].decode(String?.self) ?? "",
            sourceName: try row["source_name"].decode(String.self),
            receivedAt: try row["received_at"].decode(Date.self),
            tenant: try row["tenant"].decode(String.self),
            invoiceNumber: try row["invoice_number"].decode(String.self),
            sellerName: try row["seller_name"].decode(String?.self),
            payableAmount: try row["payable_amount"].decode(String?.self),
            currency: try row["currency"].decode(String?.self),
            issueDate: try row["issue_date"].decode(String?.self),
            status: BookingStatus(rawValue: try row["status"].decode(String.self)) ?? .new,
            bookedAt: try row["booked_at"].decode(Date.self),
            acknowledgedAt: try row["acknowledged_at"].decode(Date?.self),
            bundle: try row["bundle"].decode(String.self),
            terms: try row["terms"].decode(String?.self),
            flag: try row["flag"].decode(String?.self),
            releasedFrom: try row["released_from"].decode(Int64?.self)
        )
    }

    static let rejectionSelect = """
        SELECT j.id, j.receipt_id, j.tenant, j.reason_class, j.reason, j.rule_ids, j.invoice_number, j.seller_name, \
        j.report_directory, j.bundle, j.status, j.rejected_at, j.seller_key, j.resolved_at, r.sha256, r.source_name, \
        r.received_at \
        FROM rejection j JOIN receipt r ON r.id = j.receipt_id
        """

    static func rejection(_ row: PostgresRandomAccessRow) throws -> RejectionEntry {
        RejectionEntry(
            id: try row["id"].decode(Int64.self),
            receiptID: try row["receipt_id"].decode(Int64.self),
            sha256: try row["sha256"].decode(String?.self),
            sourceName: try row["source_name"].decode(String.self),
            receivedAt: try row["received_at"].decode(Date.self),
            tenant: try row["tenant"].decode(String.self),
            reasonClass: try row["reason_class"].decode(String.self),
            reason: try row["reason"].decode(String.self),
            ruleIDs: try row["rule_ids"].decode(String.self).split(separator: " ").map(String.init),
            invoiceNumber: try row["invoice_number"].decode(String?.self),
            sellerName: try row["seller_name"].decode(String?.self),
            reportDirectory: try row["report_directory"].decode(String?.self),
            status: RejectionStatus(rawValue: try row["status"].decode(String.self)) ?? .open,
            rejectedAt: try row["rejected_at"].decode(Date.self),
            bundle: try row["bundle"].decode(String?.self)
        )
    }

    static func heldDuplicate(_ row: PostgresRandomAccessRow) throws -> HeldDuplicate {
        HeldDuplicate(
            id: try row["id"].decode(Int64.self),
            receiptID: try row["receipt_id"].decode(Int64.self),
            bookingID: try row["booking_id"].decode(Int64.self),
            tenant: try row["tenant"].decode(String.self),
            invoiceNumber: try row["invoice_number"].decode(String.self),
            sellerName: try row["seller_name"].decode(String?.self),
            sellerKey: try row["seller_key"].decode(String.self),
            payableAmount: try row["payable_amount"].decode(String?.self),
            currency: try row["currency"].decode(String?.self),
            issueDate: try row["issue_date"].decode(String?.self),
            terms: try row["terms"].decode(String.self),
            bundle: try row["bundle"].decode(String.self),
            status: try row["status"].decode(String.self),
            heldAt: try row["held_at"].decode(Date.self),
            flag: try row["flag"].decode(String?.self),
            flaggedAt: try row["flagged_at"].decode(Date?.self),
            decidedAt: try row["decided_at"].decode(Date?.self),
            releasedBookingID: try row["released_booking_id"].decode(Int64?.self)
        )
    }
}

extension PostgresStore {
    static func auditEntry(_ row: PostgresRandomAccessRow) throws -> AuditEntry {
        AuditEntry(
            id: try row["id"].decode(Int64.self),
            at: try row["at"].decode(Date.self),
            actor: try row["actor"].decode(String.self),
            action: try row["action"].decode(String.self),
            receiptID: try row["receipt_id"].decode(Int64?.self),
            bookingID: try row["booking_id"].decode(Int64?.self),
            rejectionID: try row["rejection_id"].decode(Int64?.self),
            bundle: try row["bundle"].decode(String?.self),
            detail: try row["detail"].decode(String?.self),
            tenant: try row["tenant"].decode(String?.self)
        )
    }

    static func run(_ row: PostgresRandomAccessRow, resumed: Bool) throws -> ReprocessRun {
        ReprocessRun(
            id: try row["id"].decode(Int64.self),
            key: try row["key"].decode(String.self),
            parameters: try row["parameters"].decode(String.self),
            bundle: try row["bundle"].decode(String.self),
            total: try row["total"].decode(Int.self),
            startedAt: try row["started_at"].decode(Date.self),
            finishedAt: try row["finished_at"].decode(Date?.self),
            resumed: resumed
        )
    }
}
