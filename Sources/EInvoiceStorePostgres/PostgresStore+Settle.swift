public import EInvoiceStore
import Logging
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Settling, with several daemons settling at once (READ COMMITTED, each statement sees what was committed before it
/// began):
/// - the receipt's row is locked first, so a receipt settled twice at once (a daemon taking over one that was not
///   dead after all) gets one decision, and the second call returns it;
/// - receipts with the same bytes are settled one after the other (an advisory lock on the hash), so the second sees
///   the first and becomes its duplicate, as on SQLite;
/// - a booking of the same tenant, seller and invoice number is found by a unique index, also when another daemon
///   inserted it a moment ago (`ON CONFLICT DO NOTHING`, then the existing booking is read): it is held, not booked;
/// - booking and rejection ids are drawn from their sequences under an advisory lock held until commit, so ids are
///   assigned in commit order: a reader listing entries after the last id it saw never skips one that commits later
///   with a smaller id (the ERP's cursor).
extension PostgresStore {
    public func settle(_ id: ReceiptID, _ settlement: Settlement, at date: Date) async throws -> SettleResult {
        try await transaction("settling a receipt") { [logger] connection in
            let settle = Settling(connection: connection, logger: logger, id: id, date: date)
            return try await settle.run(settlement)
        }
    }

    /// One settlement (or a booking by reprocessing) inside its transaction.
    struct Settling {
        let connection: PostgresConnection
        let logger: Logger
        let id: ReceiptID
        let date: Date

        /// Three statements for a booking or a rejection (BEGIN and COMMIT besides): the receipt locked together with
        /// its bytes' advisory lock, one look for an earlier receipt of the same bytes and an existing booking, then
        /// the entry inserted and the receipt finished in one statement. Each round trip to the server costs more
        /// than the statement (postgres-nio hands every query to its event loop and back).
        func run(_ settlement: Settlement) async throws -> SettleResult {
            // The advisory lock is taken in the projection, below the row lock: bytes' lock, then receipt row. Every
            // settle takes them in this order, and nothing else takes the bytes' lock, so they cannot deadlock.
            let rows = try await connection.rows(
                """
                SELECT \(unescaped: PostgresStore.receiptColumns),
                    CASE WHEN sha256 IS NOT NULL
                        THEN pg_advisory_xact_lock(\(PostgresStore.sameBytesNamespace), hashtext(sha256))::text END
                FROM receipt WHERE id = \(id) FOR UPDATE
                """,
                logger
            )
            guard let row = rows.first else {
                throw PostgresStoreError(.unknownReceipt, "no receipt \(id)")
            }
            let receipt = try PostgresStore.receipt(row)
            if receipt.state == .settled, let outcome = receipt.outcome {
                return try await existingResult(receipt, outcome)
            }
            var draft: BookingDraft?
            if case .booking(let booking) = settlement { draft = booking }
            // A statement of its own, begun after the locks: it sees what was committed while this one waited.
            let earlier = try await lookUp(sameBytesAs: receipt.sha256, bookingOf: draft)
            if let first = earlier.firstReceipt {
                try await finish(.duplicate, duplicateOf: first)
                return .duplicate(of: first)
            }
            switch settlement {
            case .duplicate(let first):
                try await finish(.duplicate, duplicateOf: first)
                return .duplicate(of: first)
            case .booking(let draft):
                return try await book(draft, existing: earlier.booking, finishing: true)
            case .rejection(let draft):
                let inserted = try await connection.rows(
                    """
                    WITH cursor AS (
                        SELECT pg_advisory_xact_lock(
                            \(PostgresStore.lockNamespace), \(PostgresStore.rejectionCursorLock)
                        )
                    ),
                    inserted AS (
                        INSERT INTO rejection (receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                            seller_name, seller_key, report_directory, bundle, rejected_at)
                        SELECT \(id), \(draft.tenant), \(draft.reasonClass), \(draft.reason),
                            \(draft.ruleIDs.joined(separator: " ")), \(draft.invoiceNumber), \(draft.sellerName),
                            \(draft.sellerKey), \(draft.reportDirectory), \(draft.bundle), \(date)
                        FROM cursor
                        RETURNING id
                    ),
                    finished AS (
                        UPDATE receipt SET state = 'settled', outcome = 'rejected', duplicate_of = NULL,
                            settled_at = \(date)
                        WHERE id = \(id)
                    )
                    SELECT id FROM inserted
                    """,
                    logger
                )
                return .rejected(rejectionID: try inserted[0]["id"].decode(Int64.self))
            }
        }

        /// The first settled receipt with the same bytes (none for a receipt without hash), and the booking with
        /// the draft's tenant, seller and invoice number (when there is a draft): one statement, or none at all.
        private func lookUp(
            sameBytesAs sha256: String?,
            bookingOf draft: BookingDraft?
        ) async throws -> (firstReceipt: ReceiptID?, booking: Int64?) {
            guard sha256 != nil || draft != nil else { return (nil, nil) }
            let rows = try await connection.rows(
                """
                SELECT
                    (SELECT id FROM receipt
                     WHERE sha256 = \(sha256) AND id <> \(id) AND state = 'settled' AND outcome <> 'duplicate'
                     ORDER BY id LIMIT 1) AS first,
                    (SELECT id FROM booking
                     WHERE tenant = \(draft?.tenant) AND seller_key = \(draft?.sellerKey)
                        AND invoice_number = \(draft?.invoiceNumber) AND released_from IS NULL) AS booking
                """,
                logger
            )
            guard let row = rows.first else { return (nil, nil) }
            return (try row["first"].decode(Int64?.self), try row["booking"].decode(Int64?.self))
        }

        /// Books an accepted receipt, or holds it when a booking with the same tenant, seller and invoice number exists
        /// (also one that another daemon inserted a moment ago). With `finishing`, the receipt's outcome is recorded in
        /// the same statement; without, the caller records it.
        func book(_ draft: BookingDraft, existing known: Int64?, finishing: Bool) async throws -> SettleResult {
            var existing = known
            if existing == nil {
                let inserted = try await connection.rows(
                    """
                    WITH cursor AS (
                        SELECT pg_advisory_xact_lock(\(PostgresStore.lockNamespace), \(PostgresStore.bookingCursorLock))
                    ),
                    inserted AS (
                        INSERT INTO booking (receipt_id, tenant, invoice_number, seller_name, seller_key,
                            payable_amount, currency, issue_date, terms, bundle, booked_at)
                        SELECT \(id), \(draft.tenant), \(draft.invoiceNumber), \(draft.sellerName), \(draft.sellerKey),
                            \(draft.payableAmount), \(draft.currency), \(draft.issueDate), \(draft.termsJSON),
                            \(draft.bundle), \(date)
                        FROM cursor
                        ON CONFLICT (tenant, seller_key, invoice_number) WHERE released_from IS NULL DO NOTHING
                        RETURNING id
                    ),
                    finished AS (
                        UPDATE receipt SET state = 'settled', outcome = 'booked', duplicate_of = NULL,
                            settled_at = \(date)
                        WHERE id = \(id) AND \(finishing) AND EXISTS (SELECT 1 FROM inserted)
                    )
                    SELECT id FROM inserted
                    """,
                    logger
                )
                if let bookingID = try inserted.first?["id"].decode(Int64.self) {
                    return .booked(bookingID: bookingID)
                }
                // Another daemon booked the same seller and invoice number since the first look.
                existing = try await lookUp(sameBytesAs: nil, bookingOf: draft).booking
            }
            guard let existing else {
                throw PostgresStoreError(.statementFailed, "a conflicting booking of receipt \(id) cannot be read")
            }
            let held = try await connection.rows(
                """
                WITH held AS (
                    INSERT INTO held_duplicate (receipt_id, booking_id, tenant, invoice_number, seller_name,
                        seller_key, payable_amount, currency, issue_date, terms, bundle, held_at)
                    VALUES (\(id), \(existing), \(draft.tenant), \(draft.invoiceNumber), \(draft.sellerName),
                        \(draft.sellerKey), \(draft.payableAmount), \(draft.currency), \(draft.issueDate),
                        \(draft.termsJSON), \(draft.bundle), \(date))
                    RETURNING id
                ),
                finished AS (
                    UPDATE receipt SET state = 'settled', outcome = 'suspected_duplicate', duplicate_of = NULL,
                        settled_at = \(date)
                    WHERE id = \(id) AND \(finishing)
                )
                SELECT id FROM held
                """,
                logger
            )
            return .suspectedDuplicate(heldID: try held[0]["id"].decode(Int64.self), of: existing)
        }

        private func finish(_ outcome: Outcome, duplicateOf: ReceiptID?) async throws {
            try await connection.run(
                """
                UPDATE receipt SET state = 'settled', outcome = \(outcome.rawValue), duplicate_of = \(duplicateOf),
                    settled_at = \(date)
                WHERE id = \(id)
                """,
                logger
            )
        }

        private func existingResult(_ receipt: Receipt, _ outcome: Outcome) async throws -> SettleResult {
            switch outcome {
            case .booked:
                let rows = try await connection.rows("SELECT id FROM booking WHERE receipt_id = \(receipt.id)", logger)
                return .booked(bookingID: try rows.first?["id"].decode(Int64.self) ?? 0)
            case .rejected:
                let rows = try await connection.rows(
                    "SELECT id FROM rejection WHERE receipt_id = \(receipt.id)",
                    logger
                )
                return .rejected(rejectionID: try rows.first?["id"].decode(Int64.self) ?? 0)
            case .duplicate:
                return .duplicate(of: receipt.duplicateOf ?? 0)
            case .suspectedDuplicate:
                let rows = try await connection.rows(
                    "SELECT id, booking_id FROM held_duplicate WHERE receipt_id = \(receipt.id)",
                    logger
                )
                return .suspectedDuplicate(
                    heldID: try rows.first?["id"].decode(Int64.self) ?? 0,
                    of: try rows.first?["booking_id"].decode(Int64.self) ?? 0
                )
            }
        }
    }
}
