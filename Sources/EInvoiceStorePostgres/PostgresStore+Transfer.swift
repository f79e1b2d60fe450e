public import EInvoiceStore
import PostgresNIO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `eingang store copy`: every record with its id and status, in pages; the sequences continue after the highest
/// id copied.
extension PostgresStore: RecordTransfer {
    public func exportRecords(_ kind: RecordKind, after: Int64, limit: Int) async throws -> StoreRecords {
        var records = StoreRecords()
        let limit = Int64(clamping: limit)
        switch kind {
        case .receipts:
            records.receipts = try await rows(
                "exporting receipts",
                """
                SELECT \(unescaped: Self.receiptColumns) FROM receipt WHERE id > \(after) ORDER BY id LIMIT \(limit)
                """
            ).map(Self.receipt)
        case .bookings:
            records.bookings = try await rows(
                "exporting bookings",
                """
                \(unescaped: Self.bookingSelect(withTerms: true)) WHERE b.id > \(after) ORDER BY b.id LIMIT \(limit)
                """
            ).map { BookingRecord(entry: try Self.booking($0), sellerKey: try $0["seller_key"].decode(String.self)) }
        case .rejections:
            records.rejections = try await rows(
                "exporting rejections",
                "\(unescaped: Self.rejectionSelect) WHERE j.id > \(after) ORDER BY j.id LIMIT \(limit)"
            ).map(Self.rejection)
        case .heldDuplicates:
            records.heldDuplicates = try await rows(
                "exporting held duplicates",
                "SELECT * FROM held_duplicate WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map(Self.heldDuplicate)
        }
        return records
    }

    public func importRecords(_ records: StoreRecords) async throws -> Int {
        try await transaction("importing records") { [logger] connection in
            var inserted = 0
            func insert(_ query: PostgresQuery) async throws {
                inserted += try await connection.rows(query, logger).count
            }
            for receipt in records.receipts {
                try await insert(
                    """
                    INSERT INTO receipt (id, source_name, source_key, received_at, state, sha256, size, attempts,
                        outcome, duplicate_of, settled_at)
                    VALUES (\(receipt.id), \(receipt.sourceName), \(receipt.sourceKey), \(receipt.receivedAt),
                        \(receipt.state.rawValue), \(receipt.sha256), \(receipt.size), \(receipt.attempts),
                        \(receipt.outcome?.rawValue), \(receipt.duplicateOf), \(receipt.settledAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for record in records.bookings {
                let entry = record.entry
                try await insert(
                    """
                    INSERT INTO booking (id, receipt_id, tenant, invoice_number, seller_name, seller_key,
                        payable_amount, currency, issue_date, terms, bundle, status, booked_at, acknowledged_at)
                    VALUES (\(entry.id), \(entry.receiptID), \(entry.tenant), \(entry.invoiceNumber),
                        \(entry.sellerName), \(record.sellerKey), \(entry.payableAmount), \(entry.currency),
                        \(entry.issueDate), \(entry.terms ?? "{}"), \(entry.bundle), \(entry.status.rawValue),
                        \(entry.bookedAt), \(entry.acknowledgedAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for entry in records.rejections {
                try await insert(
                    """
                    INSERT INTO rejection (id, receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                        seller_name, report_directory, bundle, status, rejected_at)
                    VALUES (\(entry.id), \(entry.receiptID), \(entry.tenant), \(entry.reasonClass), \(entry.reason),
                        \(entry.ruleIDs.joined(separator: " ")), \(entry.invoiceNumber), \(entry.sellerName),
                        \(entry.reportDirectory), \(entry.bundle), \(entry.status.rawValue), \(entry.rejectedAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for held in records.heldDuplicates {
                try await insert(
                    """
                    INSERT INTO held_duplicate (id, receipt_id, booking_id, tenant, invoice_number, seller_name,
                        seller_key, payable_amount, currency, issue_date, terms, bundle, status, held_at)
                    VALUES (\(held.id), \(held.receiptID), \(held.bookingID), \(held.tenant), \(held.invoiceNumber),
                        \(held.sellerName), \(held.sellerKey), \(held.payableAmount), \(held.currency),
                        \(held.issueDate), \(held.terms), \(held.bundle), \(held.status), \(held.heldAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for table in ["receipt", "booking", "rejection", "held_duplicate"] {
                try await connection.run(
                    """
                    SELECT setval(pg_get_serial_sequence(\(table), 'id'), COALESCE(MAX(id), 0) + 1, false)
                    FROM \(unescaped: table)
                    """,
                    logger
                )
            }
            return inserted
        }
    }

    public func hasRegisteredDaemons() async throws -> Bool {
        try await rows("looking for daemons", "SELECT EXISTS (SELECT 1 FROM daemon) AS used")[0]["used"]
            .decode(Bool.self)
    }
}
