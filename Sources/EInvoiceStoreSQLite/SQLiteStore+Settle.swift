import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteStore {
    /// A missing receipt: settling something never claimed is a programming error the caller must hear about.
    struct UnknownReceipt: Error, CustomStringConvertible {
        var id: ReceiptID
        var description: String { "no receipt \(id)" }
    }

    static func firstSettled(_ db: Database, sha256: String, excluding: ReceiptID) throws -> Receipt? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT * FROM receipt WHERE sha256 = ? AND id <> ? AND state = 'settled' AND outcome <> 'duplicate'
                    ORDER BY id LIMIT 1
                    """
            ),
            arguments: [sha256, excluding]
        ).map(receipt)
    }

    /// One transaction: what was settled stays settled; the same bytes become a duplicate; a second booking of the
    /// same seller and invoice number is held.
    static func settle(
        _ db: Database,
        _ id: ReceiptID,
        _ settlement: Settlement,
        at now: Double
    ) throws
        -> SettleResult
    {
        guard
            let current = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM receipt WHERE id = ?"),
                arguments: [id]
            )
        else {
            throw UnknownReceipt(id: id)
        }
        let receipt = receipt(current)
        if receipt.state == .settled, let outcome = receipt.outcome {
            return try existingResult(db, receipt, outcome)
        }
        if let sha256 = receipt.sha256, let first = try firstSettled(db, sha256: sha256, excluding: id) {
            try finish(db, id, .duplicate, duplicateOf: first.id, at: now)
            return .duplicate(of: first.id)
        }
        switch settlement {
        case .duplicate(let first):
            try finish(db, id, .duplicate, duplicateOf: first, at: now)
            return .duplicate(of: first)
        case .booking(let draft):
            let result = try book(db, id, draft, at: now)
            try finish(db, id, result.outcome, duplicateOf: nil, at: now)
            return result
        case .rejection(let draft):
            try db.cachedStatement(
                sql: """
                    INSERT INTO rejection (receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                        seller_name, seller_key, report_directory, bundle, rejected_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                id, draft.tenant, draft.reasonClass, draft.reason, draft.ruleIDs.joined(separator: " "),
                draft.invoiceNumber, draft.sellerName, draft.sellerKey, draft.reportDirectory, draft.bundle, now,
            ]
            )
            let rejectionID = db.lastInsertedRowID
            try finish(db, id, .rejected, duplicateOf: nil, at: now)
            return .rejected(rejectionID: rejectionID)
        }
    }

    /// Books an accepted receipt, or holds it when a booking with the same tenant, seller and invoice number
    /// exists; the caller records the outcome on the receipt.
    static func book(_ db: Database, _ id: ReceiptID, _ draft: BookingDraft, at now: Double) throws -> SettleResult {
        if let existing = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM booking
                    WHERE tenant = ? AND seller_key = ? AND invoice_number = ? AND released_from IS NULL
                    """
            ),
            arguments: [draft.tenant, draft.sellerKey, draft.invoiceNumber]
        ) {
            try db.cachedStatement(
                sql: """
                    INSERT INTO held_duplicate (receipt_id, booking_id, tenant, invoice_number, seller_name,
                        seller_key, payable_amount, currency, issue_date, terms, bundle, held_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                id, existing, draft.tenant, draft.invoiceNumber, draft.sellerName, draft.sellerKey,
                draft.payableAmount, draft.currency, draft.issueDate, draft.termsJSON, draft.bundle, now,
            ]
            )
            return .suspectedDuplicate(heldID: db.lastInsertedRowID, of: existing)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO booking (receipt_id, tenant, invoice_number, seller_name, seller_key, payable_amount,
                    currency, issue_date, terms, bundle, booked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id, draft.tenant, draft.invoiceNumber, draft.sellerName, draft.sellerKey, draft.payableAmount,
            draft.currency, draft.issueDate, draft.termsJSON, draft.bundle, now,
        ]
        )
        return .booked(bookingID: db.lastInsertedRowID)
    }

    private static func finish(
        _ db: Database,
        _ id: ReceiptID,
        _ outcome: Outcome,
        duplicateOf: ReceiptID?,
        at now: Double
    )
        throws
    {
        try db.cachedStatement(
            sql: "UPDATE receipt SET state = 'settled', outcome = ?, duplicate_of = ?, settled_at = ? WHERE id = ?"
        ).execute(arguments: [outcome.rawValue, duplicateOf, now, id]
        )
    }

    private static func existingResult(_ db: Database, _ receipt: Receipt, _ outcome: Outcome) throws -> SettleResult {
        switch outcome {
        case .booked:
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM booking WHERE receipt_id = ?"),
                arguments: [receipt.id]
            )
            return .booked(bookingID: id ?? 0)
        case .rejected:
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM rejection WHERE receipt_id = ?"),
                arguments: [receipt.id]
            )
            return .rejected(rejectionID: id ?? 0)
        case .duplicate:
            return .duplicate(of: receipt.duplicateOf ?? 0)
        case .suspectedDuplicate:
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, booking_id FROM held_duplicate WHERE receipt_id = ?"),
                arguments: [receipt.id]
            )
            return .suspectedDuplicate(heldID: row?["id"] ?? 0, of: row?["booking_id"] ?? 0)
        }
    }
}
