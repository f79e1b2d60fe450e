public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Suspected duplicates before a clerk, and the overview's counts.
extension SQLiteStore {
    public func heldDuplicates(
        matching query: HeldDuplicateQuery
    ) async throws -> (entries: [HeldDuplicate], total: Int) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let (condition, values) = Self.tenantCondition("tenant", query.scope) {
            conditions.append(condition)
            arguments += values
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let page: StatementArguments = [query.limit, query.offset]
        return try await pool.read { [arguments] db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM held_duplicate" + filter, arguments: arguments) ?? 0
            let entries = try Row.fetchAll(
                db,
                sql: "SELECT * FROM held_duplicate" + filter + " ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: arguments + page
            ).map(Self.heldDuplicate)
            return (entries, total)
        }
    }

    public func heldDuplicate(_ id: Int64) async throws -> HeldDuplicate? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM held_duplicate WHERE id = ?", arguments: [id])
                .map(Self.heldDuplicate)
        }
    }

    public func decideHeldDuplicate(
        _ id: Int64,
        _ decision: HeldDuplicateStatus,
        audit: AuditDraft
    ) async throws -> HeldDuplicate? {
        try await pool.write { db in
            guard
                let held = try Row.fetchOne(db, sql: "SELECT * FROM held_duplicate WHERE id = ?", arguments: [id])
                    .map(Self.heldDuplicate)
            else { return nil }
            guard held.decision == .open, decision != .open else { return held }
            let now = audit.at.timeIntervalSince1970
            var bookingID: Int64?
            if decision == .released {
                try db.execute(
                    sql: """
                        INSERT INTO booking (receipt_id, tenant, invoice_number, seller_name, seller_key,
                            payable_amount, currency, issue_date, terms, bundle, booked_at, released_from)
                        SELECT receipt_id, tenant, invoice_number, seller_name, seller_key, payable_amount, currency,
                            issue_date, terms, bundle, ?, id
                        FROM held_duplicate WHERE id = ?
                        """,
                    arguments: [now, id]
                )
                bookingID = db.lastInsertedRowID
            }
            try db.execute(
                sql: "UPDATE held_duplicate SET status = ?, decided_at = ?, released_booking_id = ? WHERE id = ?",
                arguments: [decision.rawValue, now, bookingID, id]
            )
            var draft = audit
            draft.receiptID = held.receiptID
            draft.bookingID = bookingID ?? held.bookingID
            draft.tenant = held.tenant
            _ = try Self.appendAudit(db, draft)
            return try Row.fetchOne(db, sql: "SELECT * FROM held_duplicate WHERE id = ?", arguments: [id])
                .map(Self.heldDuplicate)
        }
    }

    public func counts(scope: TenantScope, since: Date?) async throws -> WorkspaceCounts {
        @Sendable func count(_ db: Database, _ table: String, _ column: String, _ extra: String? = nil) throws -> Int {
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let (condition, values) = Self.tenantCondition("tenant", scope) {
                conditions.append(condition)
                arguments += values
            }
            if let since {
                conditions.append("\(column) >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let extra { conditions.append(extra) }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)" + filter, arguments: arguments) ?? 0
        }
        return try await pool.read { db in
            var counts = WorkspaceCounts()
            counts.booked = try count(db, "booking", "booked_at")
            counts.rejected = try count(db, "rejection", "rejected_at")
            counts.suspectedDuplicates = try count(db, "held_duplicate", "held_at")
            counts.openRejections = try count(db, "rejection", "rejected_at", "status = 'open'")
            counts.openDuplicates = try count(db, "held_duplicate", "held_at", "status = 'open'")
            return counts
        }
    }
}
