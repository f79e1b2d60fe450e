public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `eingang store copy`: every record with its id, in pages.
extension SQLiteStore: RecordTransfer {
    public func exportRecords(_ kind: RecordKind, after: Int64, limit: Int) async throws -> StoreRecords {
        try await pool.read { db in
            var records = StoreRecords()
            switch kind {
            case .receipts:
                records.receipts = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM receipt WHERE id > ? ORDER BY id LIMIT ?",
                    arguments: [after, limit]
                ).map(Self.receipt)
            case .bookings:
                records.bookings = try Row.fetchAll(
                    db,
                    sql: Self.bookingSelect + " WHERE b.id > ? ORDER BY b.id LIMIT ?",
                    arguments: [after, limit]
                ).map { BookingRecord(entry: Self.booking($0, withTerms: true), sellerKey: $0["seller_key"]) }
            case .rejections:
                records.rejections = try Row.fetchAll(
                    db,
                    sql: Self.rejectionSelect + " WHERE j.id > ? ORDER BY j.id LIMIT ?",
                    arguments: [after, limit]
                ).map(Self.rejection)
            case .heldDuplicates:
                records.heldDuplicates = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM held_duplicate WHERE id > ? ORDER BY id LIMIT ?",
                    arguments: [after, limit]
                ).map(Self.heldDuplicate)
            }
            return records
        }
    }

    public func importRecords(_ records: StoreRecords) async throws -> Int {
        try await pool.write { db in
            var inserted = 0
            for receipt in records.receipts {
                try db.execute(
                    sql: """
                        INSERT INTO receipt (id, source_name, source_key, received_at, state, sha256, size, attempts,
                            outcome, duplicate_of, settled_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        receipt.id, receipt.sourceName, receipt.sourceKey, receipt.receivedAt.timeIntervalSince1970,
                        receipt.state.rawValue, receipt.sha256, receipt.size, receipt.attempts,
                        receipt.outcome?.rawValue, receipt.duplicateOf, receipt.settledAt?.timeIntervalSince1970,
                    ]
                )
                inserted += db.changesCount
            }
            for record in records.bookings {
                let entry = record.entry
                try db.execute(
                    sql: """
                        INSERT INTO booking (id, receipt_id, tenant, invoice_number, seller_name, seller_key,
                            payable_amount, currency, issue_date, terms, bundle, status, booked_at, acknowledged_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        entry.id, entry.receiptID, entry.tenant, entry.invoiceNumber, entry.sellerName,
                        record.sellerKey, entry.payableAmount, entry.currency, entry.issueDate, entry.terms ?? "{}",
                        entry.bundle, entry.status.rawValue, entry.bookedAt.timeIntervalSince1970,
                        entry.acknowledgedAt?.timeIntervalSince1970,
                    ]
                )
                inserted += db.changesCount
            }
            for entry in records.rejections {
                try db.execute(
                    sql: """
                        INSERT INTO rejection (id, receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                            seller_name, report_directory, bundle, status, rejected_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        entry.id, entry.receiptID, entry.tenant, entry.reasonClass, entry.reason,
                        entry.ruleIDs.joined(separator: " "), entry.invoiceNumber, entry.sellerName,
                        entry.reportDirectory, entry.bundle, entry.status.rawValue,
                        entry.rejectedAt.timeIntervalSince1970,
                    ]
                )
                inserted += db.changesCount
            }
            for held in records.heldDuplicates {
                try db.execute(
                    sql: """
                        INSERT INTO held_duplicate (id, receipt_id, booking_id, tenant, invoice_number, seller_name,
                            seller_key, payable_amount, currency, issue_date, terms, bundle, status, held_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        held.id, held.receiptID, held.bookingID, held.tenant, held.invoiceNumber, held.sellerName,
                        held.sellerKey, held.payableAmount, held.currency, held.issueDate, held.terms, held.bundle,
                        held.status, held.heldAt.timeIntervalSince1970,
                    ]
                )
                inserted += db.changesCount
            }
            return inserted
        }
    }

    public func hasRegisteredDaemons() async throws -> Bool {
        try await pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM daemon)") ?? false }
    }

    static func heldDuplicate(_ row: Row) -> HeldDuplicate {
        HeldDuplicate(
            id: row["id"],
            receiptID: row["receipt_id"],
            bookingID: row["booking_id"],
            tenant: row["tenant"],
            invoiceNumber: row["invoice_number"],
            sellerName: row["seller_name"],
            sellerKey: row["seller_key"],
            payableAmount: row["payable_amount"],
            currency: row["currency"],
            issueDate: row["issue_date"],
            terms: row["terms"],
            bundle: row["bundle"],
            status: row["status"],
            heldAt: Date(timeIntervalSince1970: row["held_at"])
        )
    }
}
