public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SQLiteStore {
    /// A result for a receipt the run did not select: a programming error the caller must hear about.
    struct UnknownRunItem: Error, CustomStringConvertible {
        var run: Int64
        var receipt: ReceiptID
        var description: String { "reprocessing run \(run) has no receipt \(receipt)" }
    }

    struct UnknownRun: Error, CustomStringConvertible {
        var run: Int64
        var description: String { "no reprocessing run \(run)" }
    }

    public func storedDecisions(after: ReceiptID, limit: Int) async throws -> [StoredDecision] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT r.id, r.source_name, r.received_at, r.sha256, r.size, r.outcome,
                            b.id AS b_id, b.tenant AS b_tenant, b.invoice_number AS b_number, b.seller_name AS b_seller,
                            b.seller_key AS b_key, b.bundle AS b_bundle, b.flag AS b_flag,
                            h.id AS h_id, h.tenant AS h_tenant, h.invoice_number AS h_number, h.seller_name AS h_seller,
                            h.seller_key AS h_key, h.bundle AS h_bundle, h.flag AS h_flag,
                            j.id AS j_id, j.tenant AS j_tenant, j.invoice_number AS j_number, j.seller_name AS j_seller,
                            j.seller_key AS j_key, j.bundle AS j_bundle, j.reason_class, j.rule_ids
                        FROM receipt r
                        LEFT JOIN booking b ON r.outcome = 'booked' AND b.receipt_id = r.id
                        LEFT JOIN held_duplicate h ON r.outcome = 'suspected_duplicate' AND h.receipt_id = r.id
                        LEFT JOIN rejection j ON r.outcome = 'rejected' AND j.receipt_id = r.id
                        WHERE r.id > ? AND r.state = 'settled'
                            AND r.outcome IN ('booked', 'suspected_duplicate', 'rejected')
                        ORDER BY r.id LIMIT ?
                        """
                ),
                arguments: [after, limit]
            ).compactMap(Self.storedDecision)
        }
    }

    static func storedDecision(_ row: Row) -> StoredDecision? {
        let kind: StoredDecision.Kind
        let prefix: String
        switch row["outcome"] as String? {
        case "booked": (kind, prefix) = (.booked, "b_")
        case "suspected_duplicate": (kind, prefix) = (.held, "h_")
        case "rejected": (kind, prefix) = (.rejected, "j_")
        default: return nil
        }
        guard let entryID: Int64 = row[prefix + "id"] else { return nil }
        let rules: String? = kind == .rejected ? row["rule_ids"] : nil
        return StoredDecision(
            receiptID: row["id"],
            sourceName: row["source_name"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            sha256: row["sha256"],
            size: row["size"],
            kind: kind,
            entryID: entryID,
            tenant: row[prefix + "tenant"],
            invoiceNumber: row[prefix + "number"],
            sellerName: row[prefix + "seller"],
            sellerKey: row[prefix + "key"],
            reasonClass: kind == .rejected ? row["reason_class"] : nil,
            ruleIDs: (rules ?? "").split(separator: " ").map(String.init).sorted(),
            bundle: row[prefix + "bundle"],
            flag: kind == .rejected ? nil : row[prefix + "flag"]
        )
    }

    public func startReprocessRun(
        key: String,
        parameters: String,
        bundle: String,
        receipts: [ReceiptID],
        at date: Date
    ) async throws -> ReprocessRun {
        try await pool.write { db in
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM reprocess_run WHERE key = ? AND finished_at IS NULL"),
                arguments: [key]
            ) {
                return Self.run(row, resumed: true)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO reprocess_run (key, parameters, bundle, total, started_at) VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [key, parameters, bundle, receipts.count, date.timeIntervalSince1970]
            )
            let id = db.lastInsertedRowID
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO reprocess_item (run_id, receipt_id) VALUES (?, ?)"
            )
            for receipt in receipts { try statement.execute(arguments: [id, receipt]) }
            return ReprocessRun(
                id: id,
                key: key,
                parameters: parameters,
                bundle: bundle,
                total: receipts.count,
                startedAt: date,
                finishedAt: nil,
                resumed: false
            )
        }
    }

    static func run(_ row: Row, resumed: Bool) -> ReprocessRun {
        ReprocessRun(
            id: row["id"],
            key: row["key"],
            parameters: row["parameters"],
            bundle: row["bundle"],
            total: row["total"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: date(row["finished_at"]),
            resumed: resumed
        )
    }

    public func reprocessItems(run: Int64) async throws -> [ReprocessItem] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT receipt_id, report, applied FROM reprocess_item WHERE run_id = ? ORDER BY receipt_id"
                ),
                arguments: [run]
            ).map { row in
                ReprocessItem(
                    receiptID: row["receipt_id"],
                    report: row["report"],
                    applied: (row["applied"] as String?).flatMap(ReprocessApplied.init(storedValue:))
                )
            }
        }
    }

    public func recordReprocessed(
        run: Int64,
        _ results: [ReprocessResult],
        actor: String,
        at date: Date
    ) async throws -> [ReprocessApplied] {
        try await pool.write { db in
            guard
                let bundle = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT bundle FROM reprocess_run WHERE id = ?"),
                    arguments: [run]
                )
            else { throw UnknownRun(run: run) }
            let audit = Audit(actor: actor, bundle: bundle, at: date.timeIntervalSince1970)
            return try results.map { result in
                guard
                    let item = try Row.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT done_at, applied FROM reprocess_item WHERE run_id = ? AND receipt_id = ?"
                        ),
                        arguments: [run, result.receiptID]
                    )
                else { throw UnknownRunItem(run: run, receipt: result.receiptID) }
                if (item["done_at"] as Double?) != nil {
                    return (item["applied"] as String?).flatMap(ReprocessApplied.init(storedValue:)) ?? .nothing
                }
                let applied = try Self.apply(db, result, audit: audit)
                try db.cachedStatement(
                    sql: """
                        UPDATE reprocess_item SET report = ?, applied = ?, done_at = ? WHERE run_id = ? AND receipt_id = ?
                        """
                ).execute(arguments: [result.report, applied.storedValue, audit.at, run, result.receiptID]
                )
                return applied
            }
        }
    }

    /// Who writes the audit entries of one transaction, under which bundle, when.
    struct Audit {
        var actor: String
        var bundle: String
        var at: Double

        func write(
            _ db: Database,
            _ action: String,
            receipt: ReceiptID,
            booking: Int64?,
            rejection: Int64?,
            detail: String
        ) throws {
            try db.cachedStatement(
                sql: """
                    INSERT INTO audit (at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [at, actor, action, receipt, booking, rejection, bundle, detail]
            )
        }
    }

    /// Applies one result's action (see ``ReprocessAction``).
    static func apply(_ db: Database, _ result: ReprocessResult, audit: Audit) throws -> ReprocessApplied {
        let id = result.receiptID
        let outcome = try String.fetchOne(
            db.cachedStatement(sql: "SELECT outcome FROM receipt WHERE id = ?"),
            arguments: [id]
        )
        switch result.action {
        case .none:
            return .nothing
        case .book(let draft):
            guard outcome == Outcome.rejected.rawValue,
                let rejection = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM rejection WHERE receipt_id = ?"),
                    arguments: [id]
                )
            else { return .nothing }
            let booked = try book(db, id, draft, at: audit.at)
            try db.cachedStatement(
                sql: "UPDATE receipt SET outcome = ? WHERE id = ?"
            ).execute(arguments: [booked.outcome.rawValue, id]
            )
            try db.cachedStatement(
                sql: "UPDATE rejection SET status = 'resolved', resolved_at = ? WHERE id = ?"
            ).execute(arguments: [audit.at, rejection]
            )
            switch booked {
            case .suspectedDuplicate(let heldID, let of):
                // The booking it is held against.
                try audit.write(
                    db,
                    "reprocess.held",
                    receipt: id,
                    booking: of,
                    rejection: rejection,
                    detail: result.detail
                )
                return .held(heldID: heldID, of: of)
            case .booked(let bookingID):
                try audit.write(
                    db,
                    "reprocess.booked",
                    receipt: id,
                    booking: bookingID,
                    rejection: rejection,
                    detail: result.detail
                )
                return .booked(bookingID: bookingID)
            case .rejected, .duplicate:
                return .nothing
            }
        case .flag(let reason):
            let table: String
            switch outcome {
            case Outcome.booked.rawValue: table = "booking"
            case Outcome.suspectedDuplicate.rawValue: table = "held_duplicate"
            default: return .nothing
            }
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT id, flag FROM \(table) WHERE receipt_id = ?"),
                    arguments: [id]
                )
            else { return .nothing }
            if (row["flag"] as String?) == reason { return .alreadyFlagged }
            let entryID: Int64 = row["id"]
            try db.cachedStatement(
                sql: "UPDATE \(table) SET flag = ?, flagged_at = ? WHERE id = ?"
            ).execute(arguments: [reason, audit.at, entryID]
            )
            try audit.write(
                db,
                "reprocess.flagged",
                receipt: id,
                booking: table == "booking" ? entryID : nil,
                rejection: nil,
                detail: result.detail
            )
            return .flagged
        }
    }

    public func finishReprocessRun(_ run: Int64, at date: Date) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE reprocess_run SET finished_at = ? WHERE id = ? AND finished_at IS NULL"
            ).execute(arguments: [date.timeIntervalSince1970, run]
            )
        }
    }

    public func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [after, limit]
            ).map(Self.auditEntry)
        }
    }
}
