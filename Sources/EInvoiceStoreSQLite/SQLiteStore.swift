public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The embedded store: one SQLite database in WAL mode, through GRDB. One daemon per database (the pipeline holds a
/// lock on its data directory); readers (the operator CLI) may run beside it.
public final class SQLiteStore: InvoiceStore {
    let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and applies the migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // WAL with synchronous = NORMAL: a committed transaction survives the process being killed; a power loss may
        // undo the last ones, which the pipeline's recovery repeats (README, "Exactly once").
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE receipt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source_name TEXT NOT NULL,
                        received_at REAL NOT NULL,
                        state TEXT NOT NULL,
                        sha256 TEXT,
                        size INTEGER,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        outcome TEXT,
                        duplicate_of INTEGER REFERENCES receipt(id),
                        settled_at REAL
                    );
                    CREATE INDEX receipt_sha256 ON receipt(sha256);
                    CREATE INDEX receipt_unsettled ON receipt(state) WHERE state <> 'settled';
                    CREATE TABLE booking (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        receipt_id INTEGER NOT NULL UNIQUE REFERENCES receipt(id),
                        tenant TEXT NOT NULL,
                        invoice_number TEXT NOT NULL,
                        seller_name TEXT,
                        seller_key TEXT NOT NULL,
                        payable_amount TEXT,
                        currency TEXT,
                        issue_date TEXT,
                        terms TEXT NOT NULL,
                        bundle TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'new',
                        booked_at REAL NOT NULL,
                        acknowledged_at REAL,
                        UNIQUE (tenant, seller_key, invoice_number)
                    );
                    CREATE TABLE rejection (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        receipt_id INTEGER NOT NULL UNIQUE REFERENCES receipt(id),
                        tenant TEXT NOT NULL,
                        reason_class TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        rule_ids TEXT NOT NULL,
                        invoice_number TEXT,
                        seller_name TEXT,
                        report_directory TEXT,
                        bundle TEXT,
                        status TEXT NOT NULL DEFAULT 'open',
                        rejected_at REAL NOT NULL
                    );
                    CREATE TABLE held_duplicate (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        receipt_id INTEGER NOT NULL UNIQUE REFERENCES receipt(id),
                        booking_id INTEGER NOT NULL REFERENCES booking(id),
                        tenant TEXT NOT NULL,
                        invoice_number TEXT NOT NULL,
                        seller_name TEXT,
                        seller_key TEXT NOT NULL,
                        payable_amount TEXT,
                        currency TEXT,
                        issue_date TEXT,
                        terms TEXT NOT NULL,
                        bundle TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'open',
                        held_at REAL NOT NULL
                    );
                    """
            )
        }
        // Reprocessing (issue 6): the audit trail, flags for clerks on accepted entries, the seller's key and the
        // resolution time of rejections, and the checkpoints of reprocessing runs.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE booking ADD COLUMN flag TEXT;
                    ALTER TABLE booking ADD COLUMN flagged_at REAL;
                    ALTER TABLE held_duplicate ADD COLUMN flag TEXT;
                    ALTER TABLE held_duplicate ADD COLUMN flagged_at REAL;
                    ALTER TABLE rejection ADD COLUMN seller_key TEXT;
                    ALTER TABLE rejection ADD COLUMN resolved_at REAL;
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        receipt_id INTEGER REFERENCES receipt(id),
                        booking_id INTEGER REFERENCES booking(id),
                        rejection_id INTEGER REFERENCES rejection(id),
                        bundle TEXT,
                        detail TEXT
                    );
                    CREATE INDEX audit_receipt ON audit(receipt_id);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'audit entries are never changed'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'audit entries are never removed'); END;
                    CREATE TABLE reprocess_run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        key TEXT NOT NULL,
                        parameters TEXT NOT NULL,
                        bundle TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL
                    );
                    CREATE UNIQUE INDEX reprocess_run_unfinished ON reprocess_run(key) WHERE finished_at IS NULL;
                    CREATE TABLE reprocess_item (
                        run_id INTEGER NOT NULL REFERENCES reprocess_run(id),
                        receipt_id INTEGER NOT NULL REFERENCES receipt(id),
                        report TEXT,
                        applied TEXT,
                        done_at REAL,
                        PRIMARY KEY (run_id, receipt_id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("claims-by-daemon") { db in
            // Daemons and who holds each unsettled receipt; claims unique per inbox path while they are made; the
            // file's identity beside its name.
            try db.execute(
                sql: """
                    CREATE TABLE daemon (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        started_at REAL NOT NULL,
                        last_seen REAL NOT NULL,
                        stopped_at REAL
                    );
                    ALTER TABLE receipt ADD COLUMN source_key TEXT NOT NULL DEFAULT '';
                    ALTER TABLE receipt ADD COLUMN owner INTEGER REFERENCES daemon(id);
                    CREATE UNIQUE INDEX receipt_claiming ON receipt(source_name) WHERE state = 'claiming';
                    CREATE INDEX receipt_source ON receipt(source_name, source_key);
                    """
            )
        }
        migrator.registerMigration("workspace") { db in
            // The clerks' workspace and the ERP API (issue 5): users, sessions and API tokens (tokens only as
            // SHA-256; passwords only as slow salted hashes), HTTP submissions, the tenant of audit entries, and
            // indexes for the clerks' lists.
            try db.execute(
                sql: """
                    CREATE TABLE app_user (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL,
                        tenants TEXT NOT NULL,
                        password_hash TEXT,
                        created_at REAL NOT NULL,
                        password_changed_at REAL
                    );
                    CREATE TABLE session (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES app_user(id),
                        csrf_token TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        expires_at REAL NOT NULL
                    );
                    CREATE INDEX session_by_user ON session(user_id);
                    CREATE TABLE api_token (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES app_user(id),
                        name TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        scopes TEXT NOT NULL,
                        tenants TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        revoked_at REAL
                    );
                    CREATE TABLE submission (
                        id TEXT PRIMARY KEY,
                        token_id INTEGER NOT NULL REFERENCES api_token(id),
                        tenant TEXT,
                        source_name TEXT NOT NULL,
                        submitted_at REAL NOT NULL
                    );
                    ALTER TABLE audit ADD COLUMN tenant TEXT;
                    CREATE INDEX rejection_tenant ON rejection(tenant, id);
                    CREATE INDEX booking_tenant ON booking(tenant, id);
                    """
            )
        }
        migrator.registerMigration("held-duplicates-decided") { db in
            // A clerk releases a suspected duplicate into booking or rejects it (issue 5). A released one is booked
            // beside the booking it resembles, so the key (tenant, seller, invoice number) is unique only among
            // bookings made on receipt: SQLite cannot drop a table's UNIQUE clause, so the table is rebuilt (the
            // migrator checks foreign keys after the migration, not during it).
            try db.execute(
                sql: """
                    CREATE TABLE booking_rebuilt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        receipt_id INTEGER NOT NULL UNIQUE REFERENCES receipt(id),
                        tenant TEXT NOT NULL,
                        invoice_number TEXT NOT NULL,
                        seller_name TEXT,
                        seller_key TEXT NOT NULL,
                        payable_amount TEXT,
                        currency TEXT,
                        issue_date TEXT,
                        terms TEXT NOT NULL,
                        bundle TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'new',
                        booked_at REAL NOT NULL,
                        acknowledged_at REAL,
                        flag TEXT,
                        flagged_at REAL,
                        released_from INTEGER
                    );
                    INSERT INTO booking_rebuilt (id, receipt_id, tenant, invoice_number, seller_name, seller_key,
                        payable_amount, currency, issue_date, terms, bundle, status, booked_at, acknowledged_at, flag,
                        flagged_at)
                    SELECT id, receipt_id, tenant, invoice_number, seller_name, seller_key, payable_amount, currency,
                        issue_date, terms, bundle, status, booked_at, acknowledged_at, flag, flagged_at
                    FROM booking;
                    DROP TABLE booking;
                    ALTER TABLE booking_rebuilt RENAME TO booking;
                    CREATE UNIQUE INDEX booking_invoice ON booking(tenant, seller_key, invoice_number)
                        WHERE released_from IS NULL;
                    CREATE INDEX booking_tenant ON booking(tenant, id);
                    CREATE INDEX booking_booked_at ON booking(booked_at);
                    ALTER TABLE held_duplicate ADD COLUMN decided_at REAL;
                    ALTER TABLE held_duplicate ADD COLUMN released_booking_id INTEGER;
                    CREATE INDEX held_duplicate_tenant ON held_duplicate(tenant, id);
                    CREATE INDEX rejection_rejected_at ON rejection(rejected_at);
                    """
            )
        }
        return migrator
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    public func beginDecision(_ id: ReceiptID, sha256: String, size: Int64) async throws -> DecisionStart {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE receipt SET state = 'archived', sha256 = ?, size = ?, attempts = attempts + 1
                    WHERE id = ? AND state <> 'settled'
                    """
            ).execute(arguments: [sha256, size, id]
            )
            let attempts =
                try Int.fetchOne(db.cachedStatement(sql: "SELECT attempts FROM receipt WHERE id = ?"), arguments: [id])
                ?? 0
            let earlier = try Self.firstSettled(db, sha256: sha256, excluding: id)
            return DecisionStart(attempts: attempts, earlier: earlier?.id)
        }
    }

    public func unsettledReceipts() async throws -> [Receipt] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM receipt WHERE state <> 'settled' ORDER BY id").map(Self.receipt)
        }
    }

    public func receipt(_ id: ReceiptID) async throws -> Receipt? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM receipt WHERE id = ?"), arguments: [id]).map(
                Self.receipt
            )
        }
    }

    public func receipts(after: ReceiptID, limit: Int) async throws -> [Receipt] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM receipt WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [after, limit]
            ).map(Self.receipt)
        }
    }

    public func outcomeCounts() async throws -> [Outcome: Int] {
        try await pool.read { db in
            var counts: [Outcome: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT outcome, COUNT(*) AS n FROM receipt WHERE state = 'settled' GROUP BY outcome"
            )
            for row in rows {
                if let outcome = Outcome(rawValue: row["outcome"]) { counts[outcome] = row["n"] }
            }
            return counts
        }
    }

    public func settle(_ id: ReceiptID, _ settlement: Settlement, at date: Date) async throws -> SettleResult {
        try await pool.write { db in try Self.settle(db, id, settlement, at: date.timeIntervalSince1970) }
    }

    public func bookings(after: Int64, limit: Int) async throws -> [BookingEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: Self.bookingSelect + " WHERE b.id > ? ORDER BY b.id LIMIT ?"),
                arguments: [after, limit]
            ).map { Self.booking($0, withTerms: false) }
        }
    }

    public func booking(_ id: Int64) async throws -> BookingEntry? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: Self.bookingSelect + " WHERE b.id = ?"), arguments: [id])
                .map { Self.booking($0, withTerms: true) }
        }
    }

    public func acknowledgeBooking(_ id: Int64, at date: Date) async throws -> BookingEntry? {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE booking SET status = 'acknowledged', acknowledged_at = ?
                    WHERE id = ? AND status <> 'acknowledged'
                    """
            ).execute(arguments: [date.timeIntervalSince1970, id]
            )
            return try Row.fetchOne(db.cachedStatement(sql: Self.bookingSelect + " WHERE b.id = ?"), arguments: [id])
                .map { Self.booking($0, withTerms: false) }
        }
    }

    public func rejections(after: Int64, limit: Int) async throws -> [RejectionEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: Self.rejectionSelect + " WHERE j.id > ? ORDER BY j.id LIMIT ?"),
                arguments: [after, limit]
            ).map(Self.rejection)
        }
    }

    public func rejection(_ id: Int64) async throws -> RejectionEntry? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: Self.rejectionSelect + " WHERE j.id = ?"), arguments: [id]).map(
                Self.rejection
            )
        }
    }
}
