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
            ).map {
                BookingRecord(
                    entry: try Self.booking($0),
                    sellerKey: try $0["seller_key"].decode(String.self),
                    flaggedAt: try $0["flagged_at"].decode(Date?.self)
                )
            }
        case .rejections:
            records.rejections = try await rows(
                "exporting rejections",
                "\(unescaped: Self.rejectionSelect) WHERE j.id > \(after) ORDER BY j.id LIMIT \(limit)"
            ).map {
                RejectionRecord(
                    entry: try Self.rejection($0),
                    sellerKey: try $0["seller_key"].decode(String?.self),
                    resolvedAt: try $0["resolved_at"].decode(Date?.self)
                )
            }
        case .heldDuplicates:
            records.heldDuplicates = try await rows(
                "exporting held duplicates",
                "SELECT * FROM held_duplicate WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map(Self.heldDuplicate)
        case .audit:
            records.audit = try await rows(
                "exporting the audit trail",
                "SELECT * FROM audit WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map(Self.auditEntry)
        case .users:
            records.users = try await rows(
                "exporting users",
                "SELECT * FROM app_user WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map { row in
                UserRecord(
                    user: try Self.user(row),
                    passwordChangedAt: try row["password_changed_at"].decode(Date?.self)
                )
            }
        case .apiTokens:
            records.apiTokens = try await rows(
                "exporting API tokens",
                "SELECT * FROM api_token WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map { row in
                APITokenRecord(token: try Self.apiToken(row), tokenHash: try row["token_hash"].decode(String.self))
            }
        case .reprocessRuns:
            let runs = try await rows(
                "exporting reprocessing runs",
                "SELECT * FROM reprocess_run WHERE id > \(after) ORDER BY id LIMIT \(limit)"
            ).map { try Self.run($0, resumed: false) }
            for run in runs {
                let items = try await rows(
                    "exporting a run's receipts",
                    "SELECT * FROM reprocess_item WHERE run_id = \(run.id) ORDER BY receipt_id"
                ).map { row in
                    let applied = try row["applied"].decode(String?.self)
                    return ReprocessRunRecord.Item(
                        item: ReprocessItem(
                            receiptID: try row["receipt_id"].decode(Int64.self),
                            report: try row["report"].decode(String?.self),
                            applied: applied.flatMap(ReprocessApplied.init(storedValue:))
                        ),
                        applied: applied,
                        doneAt: try row["done_at"].decode(Date?.self)
                    )
                }
                records.reprocessRuns.append(ReprocessRunRecord(run: run, items: items))
            }
        }
        return records
    }

    public func importRecords(_ records: StoreRecords) async throws -> Int {
        try await transaction("importing records") { [logger] connection in
            var inserted = 0
            func insert(_ query: PostgresQuery) async throws {
                inserted += try await connection.rows(query, logger).count
            }
            for record in records.users {
                let user = record.user
                try await insert(
                    """
                    INSERT INTO app_user (id, name, role, tenants, password_hash, created_at, password_changed_at)
                    VALUES (\(user.id), \(user.name), \(user.role.rawValue), \(Self.list(user.tenants)),
                        \(user.passwordHash), \(user.createdAt), \(record.passwordChangedAt))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                )
            }
            for record in records.apiTokens {
                let token = record.token
                try await insert(
                    """
                    INSERT INTO api_token (id, user_id, name, token_hash, scopes, tenants, created_at, revoked_at)
                    VALUES (\(token.id), \(token.userID), \(token.name), \(record.tokenHash),
                        \(Self.list(token.scopes.map(\.rawValue))), \(Self.list(token.tenants)), \(token.createdAt),
                        \(token.revokedAt))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                )
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
                        payable_amount, currency, issue_date, terms, bundle, status, booked_at, acknowledged_at, flag,
                        flagged_at, released_from)
                    VALUES (\(entry.id), \(entry.receiptID), \(entry.tenant), \(entry.invoiceNumber),
                        \(entry.sellerName), \(record.sellerKey), \(entry.payableAmount), \(entry.currency),
                        \(entry.issueDate), \(entry.terms ?? "{}"), \(entry.bundle), \(entry.status.rawValue),
                        \(entry.bookedAt), \(entry.acknowledgedAt), \(entry.flag), \(record.flaggedAt),
                        \(entry.releasedFrom))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for record in records.rejections {
                let entry = record.entry
                try await insert(
                    """
                    INSERT INTO rejection (id, receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                        seller_name, seller_key, report_directory, bundle, status, rejected_at, resolved_at)
                    VALUES (\(entry.id), \(entry.receiptID), \(entry.tenant), \(entry.reasonClass), \(entry.reason),
                        \(entry.ruleIDs.joined(separator: " ")), \(entry.invoiceNumber), \(entry.sellerName),
                        \(record.sellerKey), \(entry.reportDirectory), \(entry.bundle), \(entry.status.rawValue),
                        \(entry.rejectedAt), \(record.resolvedAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for held in records.heldDuplicates {
                try await insert(
                    """
                    INSERT INTO held_duplicate (id, receipt_id, booking_id, tenant, invoice_number, seller_name,
                        seller_key, payable_amount, currency, issue_date, terms, bundle, status, held_at, flag,
                        flagged_at, decided_at, released_booking_id)
                    VALUES (\(held.id), \(held.receiptID), \(held.bookingID), \(held.tenant), \(held.invoiceNumber),
                        \(held.sellerName), \(held.sellerKey), \(held.payableAmount), \(held.currency),
                        \(held.issueDate), \(held.terms), \(held.bundle), \(held.status), \(held.heldAt), \(held.flag),
                        \(held.flaggedAt), \(held.decidedAt), \(held.releasedBookingID))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for entry in records.audit {
                try await insert(
                    """
                    INSERT INTO audit (id, at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail,
                        tenant)
                    VALUES (\(entry.id), \(entry.at), \(entry.actor), \(entry.action), \(entry.receiptID),
                        \(entry.bookingID), \(entry.rejectionID), \(entry.bundle), \(entry.detail), \(entry.tenant))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
            }
            for record in records.reprocessRuns {
                let run = record.run
                try await insert(
                    """
                    INSERT INTO reprocess_run (id, key, parameters, bundle, total, started_at, finished_at)
                    VALUES (\(run.id), \(run.key), \(run.parameters), \(run.bundle), \(run.total), \(run.startedAt),
                        \(run.finishedAt))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
                for item in record.items {
                    try await insert(
                        """
                        INSERT INTO reprocess_item (run_id, receipt_id, report, applied, done_at)
                        VALUES (\(run.id), \(item.item.receiptID), \(item.item.report), \(item.applied),
                            \(item.doneAt))
                        ON CONFLICT DO NOTHING RETURNING run_id
                        """
                    )
                }
            }
            for table in [
                "receipt", "booking", "rejection", "held_duplicate", "audit", "reprocess_run", "app_user", "api_token",
            ] {
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
