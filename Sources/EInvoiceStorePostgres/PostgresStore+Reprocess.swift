public import EInvoiceStore
import Logging
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Reprocessing (README, "Reprocessing"), as on SQLite: runs with checkpoints that never count an invoice twice,
/// bookings made exactly once (with the same guards as `settle`, as daemons may settle at the same moment), flags
/// for clerks, and the append-only audit trail (a trigger refuses changes; its ids are drawn in commit order, like
/// those of bookings, so that a reader following it never misses an entry).
extension PostgresStore {
    public func storedDecisions(after: ReceiptID, limit: Int) async throws -> [StoredDecision] {
        try await rows(
            "listing stored decisions",
            """
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
            WHERE r.id > \(after) AND r.state = 'settled'
                AND r.outcome IN ('booked', 'suspected_duplicate', 'rejected')
            ORDER BY r.id LIMIT \(Int64(clamping: limit))
            """
        ).compactMap(Self.storedDecision)
    }

    static func storedDecision(_ row: PostgresRandomAccessRow) throws -> StoredDecision? {
        let kind: StoredDecision.Kind
        let prefix: String
        switch try row["outcome"].decode(String?.self) {
        case "booked": (kind, prefix) = (.booked, "b_")
        case "suspected_duplicate": (kind, prefix) = (.held, "h_")
        case "rejected": (kind, prefix) = (.rejected, "j_")
        default: return nil
        }
        guard let entryID = try row[prefix + "id"].decode(Int64?.self) else { return nil }
        let rules = kind == .rejected ? try row["rule_ids"].decode(String?.self) : nil
        return StoredDecision(
            receiptID: try row["id"].decode(Int64.self),
            sourceName: try row["source_name"].decode(String.self),
            receivedAt: try row["received_at"].decode(Date.self),
            sha256: try row["sha256"].decode(String?.self),
            size: try row["size"].decode(Int64?.self),
            kind: kind,
            entryID: entryID,
            tenant: try row[prefix + "tenant"].decode(String.self),
            invoiceNumber: try row[prefix + "number"].decode(String?.self),
            sellerName: try row[prefix + "seller"].decode(String?.self),
            sellerKey: try row[prefix + "key"].decode(String?.self),
            reasonClass: kind == .rejected ? try row["reason_class"].decode(String?.self) : nil,
            ruleIDs: (rules ?? "").split(separator: " ").map(String.init).sorted(),
            bundle: try row[prefix + "bundle"].decode(String?.self),
            flag: kind == .rejected ? nil : try row[prefix + "flag"].decode(String?.self)
        )
    }

    public func startReprocessRun(
        key: String,
        parameters: String,
        bundle: String,
        receipts: [ReceiptID],
        at date: Date
    ) async throws -> ReprocessRun {
        try await transaction("starting a reprocessing run") { [logger] connection in
            // Of two commands starting the same run at once, one begins it and the other resumes it.
            let inserted = try await connection.rows(
                """
                INSERT INTO reprocess_run (key, parameters, bundle, total, started_at)
                VALUES (\(key), \(parameters), \(bundle), \(receipts.count), \(date))
                ON CONFLICT (key) WHERE finished_at IS NULL DO NOTHING
                RETURNING id
                """,
                logger
            )
            guard let id = try inserted.first?["id"].decode(Int64.self) else {
                let rows = try await connection.rows(
                    "SELECT * FROM reprocess_run WHERE key = \(key) AND finished_at IS NULL",
                    logger
                )
                return try Self.run(rows[0], resumed: true)
            }
            try await connection.run(
                """
                INSERT INTO reprocess_item (run_id, receipt_id)
                SELECT \(id), receipt FROM unnest(\(receipts)::bigint[]) AS receipt
                ON CONFLICT DO NOTHING
                """,
                logger
            )
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

    public func reprocessItems(run: Int64) async throws -> [ReprocessItem] {
        try await rows(
            "listing a run's receipts",
            "SELECT receipt_id, report, applied FROM reprocess_item WHERE run_id = \(run) ORDER BY receipt_id"
        ).map { row in
            ReprocessItem(
                receiptID: try row["receipt_id"].decode(Int64.self),
                report: try row["report"].decode(String?.self),
                applied: try row["applied"].decode(String?.self).flatMap(ReprocessApplied.init(storedValue:))
            )
        }
    }

    public func recordReprocessed(
        run: Int64,
        _ results: [ReprocessResult],
        actor: String,
        at date: Date
    ) async throws -> [ReprocessApplied] {
        try await transaction("recording reprocessed receipts") { [logger] connection in
            let runs = try await connection.rows("SELECT bundle FROM reprocess_run WHERE id = \(run)", logger)
            guard let bundle = try runs.first?["bundle"].decode(String.self) else {
                throw PostgresStoreError(.statementFailed, "no reprocessing run \(run)")
            }
            var applied: [ReprocessApplied] = []
            for result in results {
                // Locked: a result recorded twice at once is applied once.
                let items = try await connection.rows(
                    """
                    SELECT done_at, applied FROM reprocess_item
                    WHERE run_id = \(run) AND receipt_id = \(result.receiptID) FOR UPDATE
                    """,
                    logger
                )
                guard let item = items.first else {
                    throw PostgresStoreError(
                        .statementFailed,
                        "reprocessing run \(run) has no receipt \(result.receiptID)"
                    )
                }
                if try item["done_at"].decode(Date?.self) != nil {
                    applied.append(
                        try item["applied"].decode(String?.self).flatMap(ReprocessApplied.init(storedValue:))
                            ?? .nothing
                    )
                    continue
                }
                let applying = Applying(
                    connection: connection,
                    logger: logger,
                    actor: actor,
                    bundle: bundle,
                    date: date
                )
                let done = try await applying.apply(result)
                try await connection.run(
                    """
                    UPDATE reprocess_item SET report = \(result.report), applied = \(done.storedValue),
                        done_at = \(date)
                    WHERE run_id = \(run) AND receipt_id = \(result.receiptID)
                    """,
                    logger
                )
                applied.append(done)
            }
            return applied
        }
    }

    /// Applies one result's action (see `ReprocessAction`) inside the transaction that records it.
    private struct Applying {
        let connection: PostgresConnection
        let logger: Logger
        let actor: String
        let bundle: String
        let date: Date

        func apply(_ result: ReprocessResult) async throws -> ReprocessApplied {
            let id = result.receiptID
            let receipts = try await connection.rows(
                "SELECT outcome FROM receipt WHERE id = \(id) FOR UPDATE",
                logger
            )
            let outcome = try receipts.first?["outcome"].decode(String?.self)
            switch result.action {
            case .none:
                return .nothing
            case .book(let draft):
                guard outcome == Outcome.rejected.rawValue,
                    let rejection = try await connection.rows(
                        "SELECT id FROM rejection WHERE receipt_id = \(id)",
                        logger
                    ).first?["id"].decode(Int64.self)
                else { return .nothing }
                let booked = try await Settling(connection: connection, logger: logger, id: id, date: date)
                    .book(draft, existing: nil, finishing: false)
                try await connection.run(
                    "UPDATE receipt SET outcome = \(booked.outcome.rawValue) WHERE id = \(id)",
                    logger
                )
                try await connection.run(
                    "UPDATE rejection SET status = 'resolved', resolved_at = \(date) WHERE id = \(rejection)",
                    logger
                )
                switch booked {
                case .suspectedDuplicate(let heldID, let of):
                    try await audit("reprocess.held", id, booking: of, rejection: rejection, result.detail)
                    return .held(heldID: heldID, of: of)
                case .booked(let bookingID):
                    try await audit("reprocess.booked", id, booking: bookingID, rejection: rejection, result.detail)
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
                let rows = try await connection.rows(
                    "SELECT id, flag FROM \(unescaped: table) WHERE receipt_id = \(id) FOR UPDATE",
                    logger
                )
                guard let row = rows.first else { return .nothing }
                if try row["flag"].decode(String?.self) == reason { return .alreadyFlagged }
                let entryID = try row["id"].decode(Int64.self)
                try await connection.run(
                    "UPDATE \(unescaped: table) SET flag = \(reason), flagged_at = \(date) WHERE id = \(entryID)",
                    logger
                )
                try await audit(
                    "reprocess.flagged",
                    id,
                    booking: table == "booking" ? entryID : nil,
                    rejection: nil,
                    result.detail
                )
                return .flagged
            }
        }

        private func audit(
            _ action: String,
            _ receipt: ReceiptID,
            booking: Int64?,
            rejection: Int64?,
            _ detail: String
        ) async throws {
            try await connection.run(
                "SELECT pg_advisory_xact_lock(\(PostgresStore.lockNamespace), \(PostgresStore.auditCursorLock))",
                logger
            )
            try await connection.run(
                """
                INSERT INTO audit (at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail)
                VALUES (\(date), \(actor), \(action), \(receipt), \(booking), \(rejection), \(bundle), \(detail))
                """,
                logger
            )
        }
    }

    public func finishReprocessRun(_ run: Int64, at date: Date) async throws {
        _ = try await rows(
            "finishing a reprocessing run",
            "UPDATE reprocess_run SET finished_at = \(date) WHERE id = \(run) AND finished_at IS NULL"
        )
    }

    public func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try await rows(
            "listing the audit trail",
            "SELECT * FROM audit WHERE id > \(after) ORDER BY id LIMIT \(Int64(clamping: limit))"
        ).map(Self.auditEntry)
    }
}
