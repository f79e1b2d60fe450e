public import EInvoiceStore
import Logging
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Suspected duplicates before a clerk, and the overview's counts.
extension PostgresStore {
    public func heldDuplicates(
        matching query: HeldDuplicateQuery
    ) async throws -> (entries: [HeldDuplicate], total: Int) {
        var filter = Filter()
        filter.scope("tenant", query.scope)
        if let status = query.status { filter.add("status = $", status.rawValue) }
        let total =
            try await rows(
                "counting suspected duplicates",
                filter.query("SELECT COUNT(*) AS n FROM held_duplicate" + filter.clause)
            ).first?["n"].decode(Int.self) ?? 0
        let entries = try await rows(
            "listing suspected duplicates",
            filter.query(
                "SELECT * FROM held_duplicate" + filter.clause + " ORDER BY id DESC",
                limit: query.limit,
                offset: query.offset
            )
        ).map(Self.heldDuplicate)
        return (entries, total)
    }

    public func heldDuplicate(_ id: Int64) async throws -> HeldDuplicate? {
        try await rows("reading a suspected duplicate", "SELECT * FROM held_duplicate WHERE id = \(id)")
            .first.map(Self.heldDuplicate)
    }

    public func decideHeldDuplicate(
        _ id: Int64,
        _ decision: HeldDuplicateStatus,
        audit: AuditDraft
    ) async throws -> HeldDuplicate? {
        try await transaction("deciding a suspected duplicate") { [logger] connection in
            guard
                let held = try await connection.rows(
                    "SELECT * FROM held_duplicate WHERE id = \(id) FOR UPDATE",
                    logger
                ).first.map(Self.heldDuplicate)
            else { return nil }
            guard held.decision == .open, decision != .open else { return held }
            var bookingID: Int64?
            if decision == .released {
                // Booking ids are drawn under the cursor's lock, as on receipt: the ERP's cursor skips nothing.
                try await connection.run(
                    "SELECT pg_advisory_xact_lock(\(PostgresStore.lockNamespace), \(PostgresStore.bookingCursorLock))",
                    logger
                )
                bookingID = try await connection.rows(
                    """
                    INSERT INTO booking (receipt_id, tenant, invoice_number, seller_name, seller_key, payable_amount,
                        currency, issue_date, terms, bundle, booked_at, released_from)
                    SELECT receipt_id, tenant, invoice_number, seller_name, seller_key, payable_amount, currency,
                        issue_date, terms, bundle, \(audit.at), id
                    FROM held_duplicate WHERE id = \(id)
                    RETURNING id
                    """,
                    logger
                ).first?["id"].decode(Int64.self)
            }
            try await connection.run(
                """
                UPDATE held_duplicate SET status = \(decision.rawValue), decided_at = \(audit.at),
                    released_booking_id = \(bookingID)
                WHERE id = \(id)
                """,
                logger
            )
            var draft = audit
            draft.receiptID = held.receiptID
            draft.bookingID = bookingID ?? held.bookingID
            draft.tenant = held.tenant
            _ = try await Self.appendAudit(connection, draft, logger)
            return try await connection.rows("SELECT * FROM held_duplicate WHERE id = \(id)", logger)
                .first.map(Self.heldDuplicate)
        }
    }

    public func counts(scope: TenantScope, since: Date?) async throws -> WorkspaceCounts {
        func count(_ table: String, _ column: String, open: Bool = false) async throws -> Int {
            var filter = Filter()
            filter.scope("tenant", scope)
            if let since { filter.add("\(column) >= $", since) }
            if open { filter.add("status = 'open'") }
            return try await rows(
                "counting for the overview",
                filter.query("SELECT COUNT(*) AS n FROM \(table)" + filter.clause)
            ).first?["n"].decode(Int.self) ?? 0
        }
        var counts = WorkspaceCounts()
        counts.booked = try await count("booking", "booked_at")
        counts.rejected = try await count("rejection", "rejected_at")
        counts.suspectedDuplicates = try await count("held_duplicate", "held_at")
        counts.openRejections = try await count("rejection", "rejected_at", open: true)
        counts.openDuplicates = try await count("held_duplicate", "held_at", open: true)
        return counts
    }
}
