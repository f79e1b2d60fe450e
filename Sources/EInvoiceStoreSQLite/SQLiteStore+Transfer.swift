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
            func rows(_ sql: String) throws -> [Row] {
                try Row.fetchAll(db, sql: sql + " LIMIT ?", arguments: [after, limit])
            }
            switch kind {
            case .receipts:
                records.receipts = try rows("SELECT * FROM receipt WHERE id > ? ORDER BY id").map(Self.receipt)
            case .bookings:
                records.bookings = try rows(Self.bookingSelect + " WHERE b.id > ? ORDER BY b.id").map {
                    BookingRecord(
                        entry: Self.booking($0, withTerms: true),
                        sellerKey: $0["seller_key"],
                        flaggedAt: Self.date($0["flagged_at"])
                    )
                }
            case .rejections:
                records.rejections = try rows(Self.rejectionSelect + " WHERE j.id > ? ORDER BY j.id").map {
                    RejectionRecord(
                        entry: Self.rejection($0),
                        sellerKey: $0["seller_key"],
                        resolvedAt: Self.date($0["resolved_at"])
                    )
                }
            case .heldDuplicates:
                records.heldDuplicates = try rows("SELECT * FROM held_duplicate WHERE id > ? ORDER BY id").map(
                    Self.heldDuplicate
                )
            case .audit:
                records.audit = try rows("SELECT * FROM audit WHERE id > ? ORDER BY id").map(Self.auditEntry)
            case .users:
                records.users = try rows("SELECT * FROM app_user WHERE id > ? ORDER BY id").map { row in
                    UserRecord(user: Self.user(row), passwordChangedAt: Self.date(row["password_changed_at"]))
                }
            case .apiTokens:
                records.apiTokens = try rows("SELECT * FROM api_token WHERE id > ? ORDER BY id").map { row in
                    APITokenRecord(token: Self.apiToken(row), tokenHash: row["token_hash"])
                }
            case .reprocessRuns:
                records.reprocessRuns = try rows("SELECT * FROM reprocess_run WHERE id > ? ORDER BY id").map { row in
                    let run = Self.run(row, resumed: false)
                    let items = try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM reprocess_item WHERE run_id = ? ORDER BY receipt_id",
                        arguments: [run.id]
                    ).map { item in
                        let applied: String? = item["applied"]
                        return ReprocessRunRecord.Item(
                            item: ReprocessItem(
                                receiptID: item["receipt_id"],
                                report: item["report"],
                                applied: applied.flatMap(ReprocessApplied.init(storedValue:))
                            ),
                            applied: applied,
                            doneAt: Self.date(item["done_at"])
                        )
                    }
                    return ReprocessRunRecord(run: run, items: items)
                }
            }
            return records
        }
    }

    public func importRecords(_ records: StoreRecords) async throws -> Int {
        try await pool.write { db in
            var inserted = 0
            func insert(_ sql: String, _ arguments: StatementArguments) throws {
                try db.execute(sql: sql + " ON CONFLICT DO NOTHING", arguments: arguments)
                inserted += db.changesCount
            }
            for record in records.users {
                let user = record.user
                try insert(
                    """
                    INSERT INTO app_user (id, name, role, tenants, password_hash, created_at, password_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        user.id, user.name, user.role.rawValue, Self.list(user.tenants), user.passwordHash,
                        user.createdAt.timeIntervalSince1970, record.passwordChangedAt?.timeIntervalSince1970,
                    ]
                )
            }
            for record in records.apiTokens {
                let token = record.token
                try insert(
                    """
                    INSERT INTO api_token (id, user_id, name, token_hash, scopes, tenants, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        token.id, token.userID, token.name, record.tokenHash, Self.list(token.scopes.map(\.rawValue)),
                        Self.list(token.tenants), token.createdAt.timeIntervalSince1970,
                        token.revokedAt?.timeIntervalSince1970,
                    ]
                )
            }
            for receipt in records.receipts {
                try insert(
                    """
                    INSERT INTO receipt (id, source_name, source_key, received_at, state, sha256, size, attempts,
                        outcome, duplicate_of, settled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        receipt.id, receipt.sourceName, receipt.sourceKey, receipt.receivedAt.timeIntervalSince1970,
                        receipt.state.rawValue, receipt.sha256, receipt.size, receipt.attempts,
                        receipt.outcome?.rawValue, receipt.duplicateOf, receipt.settledAt?.timeIntervalSince1970,
                    ]
                )
            }
            for record in records.bookings {
                let entry = record.entry
                try insert(
                    """
                    INSERT INTO booking (id, receipt_id, tenant, invoice_number, seller_name, seller_key,
                        payable_amount, currency, issue_date, terms, bundle, status, booked_at, acknowledged_at,
                        flag, flagged_at, released_from)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        entry.id, entry.receiptID, entry.tenant, entry.invoiceNumber, entry.sellerName,
                        record.sellerKey, entry.payableAmount, entry.currency, entry.issueDate, entry.terms ?? "{}",
                        entry.bundle, entry.status.rawValue, entry.bookedAt.timeIntervalSince1970,
                        entry.acknowledgedAt?.timeIntervalSince1970, entry.flag,
                        record.flaggedAt?.timeIntervalSince1970, entry.releasedFrom,
                    ]
                )
            }
            for record in records.rejections {
                let entry = record.entry
                try insert(
                    """
                    INSERT INTO rejection (id, receipt_id, tenant, reason_class, reason, rule_ids, invoice_number,
                        seller_name, seller_key, report_directory, bundle, status, rejected_at, resolved_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        entry.id, entry.receiptID, entry.tenant, entry.reasonClass, entry.reason,
                        entry.ruleIDs.joined(separator: " "), entry.invoiceNumber, entry.sellerName, record.sellerKey,
                        entry.reportDirectory, entry.bundle, entry.status.rawValue,
                        entry.rejectedAt.timeIntervalSince1970, record.resolvedAt?.timeIntervalSince1970,
                    ]
                )
            }
            for held in records.heldDuplicates {
                try insert(
                    """
                    INSERT INTO held_duplicate (id, receipt_id, booking_id, tenant, invoice_number, seller_name,
                        seller_key, payable_amount, currency, issue_date, terms, bundle, status, held_at, flag,
                        flagged_at, decided_at, released_booking_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        held.id, held.receiptID, held.bookingID, held.tenant, held.invoiceNumber, held.sellerName,
                        held.sellerKey, held.payableAmount, held.currency, held.issueDate, held.terms, held.bundle,
                        held.status, held.heldAt.timeIntervalSince1970, held.flag,
                        held.flaggedAt?.timeIntervalSince1970, held.decidedAt?.timeIntervalSince1970,
                        held.releasedBookingID,
                    ]
                )
            }
            for entry in records.audit {
                try insert(
                    """
                    INSERT INTO audit (id, at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail,
                        tenant)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        entry.id, entry.at.timeIntervalSince1970, entry.actor, entry.action, entry.receiptID,
                        entry.bookingID, entry.rejectionID, entry.bundle, entry.detail, entry.tenant,
                    ]
                )
            }
            for record in records.reprocessRuns {
                let run = record.run
                try insert(
                    """
                    INSERT INTO reprocess_run (id, key, parameters, bundle, total, started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        run.id, run.key, run.parameters, run.bundle, run.total, run.startedAt.timeIntervalSince1970,
                        run.finishedAt?.timeIntervalSince1970,
                    ]
                )
                for item in record.items {
                    try insert(
                        """
                        INSERT INTO reprocess_item (run_id, receipt_id, report, applied, done_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                        [
                            run.id, item.item.receiptID, item.item.report, item.applied,
                            item.doneAt?.timeIntervalSince1970,
                        ]
                    )
                }
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
            heldAt: Date(timeIntervalSince1970: row["held_at"]),
            flag: row["flag"],
            flaggedAt: date(row["flagged_at"]),
            decidedAt: date(row["decided_at"]),
            releasedBookingID: row["released_booking_id"]
        )
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(
            id: row["id"],
            at: Date(timeIntervalSince1970: row["at"]),
            actor: row["actor"],
            action: row["action"],
            receiptID: row["receipt_id"],
            bookingID: row["booking_id"],
            rejectionID: row["rejection_id"],
            bundle: row["bundle"],
            detail: row["detail"],
            tenant: row["tenant"]
        )
    }
}
