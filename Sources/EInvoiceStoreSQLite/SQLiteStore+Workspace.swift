public import EInvoiceStore
import GRDB

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Users, sessions, API tokens, the clerks' decisions and HTTP submissions (see ``WorkspaceStore``).
extension SQLiteStore {
    // MARK: Users

    public func addUser(_ draft: UserDraft, at date: Date) async throws -> User? {
        try await pool.write { db in
            if try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM app_user WHERE name = ?"),
                arguments: [draft.name]
            ) != nil {
                return nil
            }
            try db.cachedStatement(
                sql: "INSERT INTO app_user (name, role, tenants, password_hash, created_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                draft.name, draft.role.rawValue, Self.list(draft.tenants), draft.passwordHash,
                date.timeIntervalSince1970,
            ]
            )
            return User(
                id: db.lastInsertedRowID,
                name: draft.name,
                role: draft.role,
                tenants: draft.tenants,
                passwordHash: draft.passwordHash,
                createdAt: date
            )
        }
    }

    public func user(named name: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM app_user WHERE name = ?"), arguments: [name]).map(
                Self.user
            )
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM app_user WHERE id = ?"), arguments: [id]).map(
                Self.user
            )
        }
    }

    public func users() async throws -> [User] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY name").map(Self.user)
        }
    }

    public func setPasswordHash(user: Int64, _ hash: String, at date: Date) async throws -> Bool {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE app_user SET password_hash = ?, password_changed_at = ? WHERE id = ?"
            ).execute(arguments: [hash, date.timeIntervalSince1970, user]
            )
            guard db.changesCount > 0 else { return false }
            try db.cachedStatement(sql: "DELETE FROM session WHERE user_id = ?").execute(arguments: [user])
            return true
        }
    }

    // MARK: Sessions

    public func addSession(_ session: Session) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "DELETE FROM session WHERE expires_at <= ?"
            ).execute(arguments: [session.createdAt.timeIntervalSince1970]
            )
            try db.cachedStatement(
                sql: """
                    INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                session.tokenHash, session.userID, session.csrfToken, session.createdAt.timeIntervalSince1970,
                session.expiresAt.timeIntervalSince1970,
            ]
            )
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> (Session, User)? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT s.token_hash, s.csrf_token, s.created_at AS s_created_at, s.expires_at, u.*
                            FROM session s JOIN app_user u ON u.id = s.user_id
                            WHERE s.token_hash = ? AND s.expires_at > ?
                            """
                    ),
                    arguments: [tokenHash, now.timeIntervalSince1970]
                )
            else { return nil }
            let user = Self.user(row)
            guard user.role != .api, user.passwordHash != nil else { return nil }
            let session = Session(
                tokenHash: row["token_hash"],
                userID: user.id,
                csrfToken: row["csrf_token"],
                createdAt: Date(timeIntervalSince1970: row["s_created_at"]),
                expiresAt: Date(timeIntervalSince1970: row["expires_at"])
            )
            return (session, user)
        }
    }

    public func endSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.cachedStatement(sql: "DELETE FROM session WHERE token_hash = ?").execute(arguments: [tokenHash])
        }
    }

    // MARK: API tokens

    public func addAPIToken(_ draft: APITokenDraft, at date: Date) async throws -> APIToken {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO api_token (user_id, name, token_hash, scopes, tenants, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                draft.userID, draft.name, draft.tokenHash, Self.list(draft.scopes.map(\.rawValue)),
                Self.list(draft.tenants), date.timeIntervalSince1970,
            ]
            )
            return APIToken(
                id: db.lastInsertedRowID,
                userID: draft.userID,
                name: draft.name,
                scopes: draft.scopes,
                tenants: draft.tenants,
                createdAt: date,
                revokedAt: nil
            )
        }
    }

    public func apiToken(hash: String) async throws -> (APIToken, User)? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT t.id AS t_id, t.name AS t_name, t.scopes, t.tenants AS t_tenants,
                                t.created_at AS t_created_at, t.revoked_at, u.*
                            FROM api_token t JOIN app_user u ON u.id = t.user_id
                            WHERE t.token_hash = ? AND t.revoked_at IS NULL
                            """
                    ),
                    arguments: [hash]
                )
            else { return nil }
            let user = Self.user(row)
            let token = APIToken(
                id: row["t_id"],
                userID: user.id,
                name: row["t_name"],
                scopes: Self.items(row["scopes"]).compactMap(APIScope.init(rawValue:)),
                tenants: Self.items(row["t_tenants"]),
                createdAt: Date(timeIntervalSince1970: row["t_created_at"]),
                revokedAt: nil
            )
            return (token, user)
        }
    }

    public func apiTokens(user: Int64) async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM api_token WHERE user_id = ? ORDER BY id"),
                arguments: [user]
            ).map(Self.apiToken)
        }
    }

    public func revokeAPIToken(_ id: Int64, at date: Date) async throws -> Bool {
        try await pool.write { db in
            try db.cachedStatement(
                sql: "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?"
            ).execute(arguments: [date.timeIntervalSince1970, id]
            )
            return db.changesCount > 0
        }
    }

    // MARK: Clerks' lists and decisions

    /// `column IN (…)` for a tenant scope, or nil for every tenant.
    static func tenantCondition(_ column: String, _ scope: TenantScope) -> (String, StatementArguments)? {
        switch scope {
        case .all: return nil
        case .only(let tenants):
            if tenants.isEmpty { return ("0", []) }
            return ("\(column) IN (\(tenants.map { _ in "?" }.joined(separator: ", ")))", StatementArguments(tenants))
        }
    }

    public func rejections(matching query: RejectionQuery) async throws -> (entries: [RejectionEntry], total: Int) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let (condition, values) = Self.tenantCondition("j.tenant", query.scope) {
            conditions.append(condition)
            arguments += values
        }
        if let status = query.status {
            conditions.append("j.status = ?")
            arguments += [status.rawValue]
        }
        if let sender = query.sender, !sender.isEmpty {
            conditions.append("instr(lower(COALESCE(j.seller_name, '')), lower(?)) > 0")
            arguments += [sender]
        }
        if let rule = query.ruleID, !rule.isEmpty {
            conditions.append("instr(' ' || j.rule_ids || ' ', ' ' || ? || ' ') > 0")
            arguments += [rule]
        }
        if let from = query.from {
            conditions.append("j.rejected_at >= ?")
            arguments += [from.timeIntervalSince1970]
        }
        if let until = query.until {
            conditions.append("j.rejected_at < ?")
            arguments += [until.timeIntervalSince1970]
        }
        if let number = query.invoiceNumber, !number.isEmpty {
            conditions.append("instr(lower(COALESCE(j.invoice_number, '')), lower(?)) > 0")
            arguments += [number]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let page: StatementArguments = [query.limit, query.offset]
        return try await pool.read { [arguments] db in
            let total =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*) FROM rejection j" + filter),
                    arguments: arguments
                ) ?? 0
            let entries = try Row.fetchAll(
                db.cachedStatement(sql: Self.rejectionSelect + filter + " ORDER BY j.id DESC LIMIT ? OFFSET ?"),
                arguments: arguments + page
            ).map(Self.rejection)
            return (entries, total)
        }
    }

    public func bookings(matching query: BookingQuery) async throws -> (entries: [BookingEntry], total: Int) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let (condition, values) = Self.tenantCondition("b.tenant", query.scope) {
            conditions.append(condition)
            arguments += values
        }
        if let status = query.status {
            conditions.append("b.status = ?")
            arguments += [status.rawValue]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let page: StatementArguments = [query.limit, query.offset]
        return try await pool.read { [arguments] db in
            let total =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*) FROM booking b" + filter),
                    arguments: arguments
                ) ?? 0
            let entries = try Row.fetchAll(
                db.cachedStatement(sql: Self.bookingSelect + filter + " ORDER BY b.id DESC LIMIT ? OFFSET ?"),
                arguments: arguments + page
            ).map { Self.booking($0, withTerms: false) }
            return (entries, total)
        }
    }

    public func bookings(after: Int64, limit: Int, scope: TenantScope) async throws -> [BookingEntry] {
        var sql = Self.bookingSelect + " WHERE b.id > ?"
        var arguments: StatementArguments = [after]
        if let (condition, values) = Self.tenantCondition("b.tenant", scope) {
            sql += " AND " + condition
            arguments += values
        }
        arguments += [limit]
        return try await pool.read { [sql, arguments] db in
            try Row.fetchAll(db.cachedStatement(sql: sql + " ORDER BY b.id LIMIT ?"), arguments: arguments)
                .map { Self.booking($0, withTerms: false) }
        }
    }

    public func markBookingsTaken(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE booking SET status = 'taken' WHERE status = 'new' AND id IN ("
                    + ids.map { _ in "?" }.joined(separator: ", ") + ")",
                arguments: StatementArguments(ids)
            )
        }
    }

    public func rejections(after: Int64, limit: Int, scope: TenantScope) async throws -> [RejectionEntry] {
        var sql = Self.rejectionSelect + " WHERE j.id > ?"
        var arguments: StatementArguments = [after]
        if let (condition, values) = Self.tenantCondition("j.tenant", scope) {
            sql += " AND " + condition
            arguments += values
        }
        arguments += [limit]
        return try await pool.read { [sql, arguments] db in
            try Row.fetchAll(db.cachedStatement(sql: sql + " ORDER BY j.id LIMIT ?"), arguments: arguments).map(
                Self.rejection
            )
        }
    }

    public func setRejectionStatus(
        _ id: Int64,
        _ status: RejectionStatus,
        audit: AuditDraft
    ) async throws -> RejectionEntry? {
        try await pool.write { db in
            guard
                let before = try Row.fetchOne(
                    db.cachedStatement(sql: Self.rejectionSelect + " WHERE j.id = ?"),
                    arguments: [id]
                )
            else { return nil }
            let entry = Self.rejection(before)
            try db.cachedStatement(
                sql: """
                    UPDATE rejection SET status = ?,
                        resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE NULL END
                    WHERE id = ?
                    """
            ).execute(arguments: [status.rawValue, status.rawValue, audit.at.timeIntervalSince1970, id]
            )
            var draft = audit
            draft.rejectionID = id
            draft.receiptID = entry.receiptID
            draft.tenant = entry.tenant
            _ = try Self.appendAudit(db, draft)
            return try Row.fetchOne(db.cachedStatement(sql: Self.rejectionSelect + " WHERE j.id = ?"), arguments: [id])
                .map(Self.rejection)
        }
    }

    public func appendAudit(_ draft: AuditDraft) async throws -> AuditEntry {
        try await pool.write { db in try Self.appendAudit(db, draft) }
    }

    static func appendAudit(_ db: Database, _ draft: AuditDraft) throws -> AuditEntry {
        try db.cachedStatement(
            sql: """
                INSERT INTO audit (at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail, tenant)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            draft.at.timeIntervalSince1970, draft.actor, draft.action, draft.receiptID, draft.bookingID,
            draft.rejectionID, draft.bundle, draft.detail, draft.tenant,
        ]
        )
        return AuditEntry(
            id: db.lastInsertedRowID,
            at: draft.at,
            actor: draft.actor,
            action: draft.action,
            receiptID: draft.receiptID,
            bookingID: draft.bookingID,
            rejectionID: draft.rejectionID,
            bundle: draft.bundle,
            detail: draft.detail,
            tenant: draft.tenant
        )
    }

    public func auditEntries(matching query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let (condition, values) = Self.tenantCondition("COALESCE(a.tenant, j.tenant, b.tenant)", query.scope) {
            conditions.append(condition)
            arguments += values
        }
        if let receipt = query.receiptID {
            conditions.append("a.receipt_id = ?")
            arguments += [receipt]
        }
        if let before = query.before {
            conditions.append("a.id < ?")
            arguments += [before]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        return try await pool.read { [arguments] db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.at, a.actor, a.action, a.receipt_id, a.booking_id, a.rejection_id, a.bundle,
                        a.detail, COALESCE(a.tenant, j.tenant, b.tenant) AS tenant
                    FROM audit a
                    LEFT JOIN rejection j ON j.id = a.rejection_id
                    LEFT JOIN booking b ON b.id = a.booking_id
                    """ + filter + " ORDER BY a.id DESC LIMIT ?",
                arguments: arguments
            ).map(Self.auditEntry)
        }
    }

    // MARK: Submissions

    public func addSubmission(_ submission: Submission) async throws {
        try await pool.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO submission (id, token_id, tenant, source_name, submitted_at) VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                submission.id, submission.tokenID, submission.tenant, submission.sourceName,
                submission.submittedAt.timeIntervalSince1970,
            ]
            )
        }
    }

    public func submission(id: String) async throws -> Submission? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM submission WHERE id = ?"), arguments: [id]).map {
                row in
                Submission(
                    id: row["id"],
                    tokenID: row["token_id"],
                    tenant: row["tenant"],
                    sourceName: row["source_name"],
                    submittedAt: Date(timeIntervalSince1970: row["submitted_at"])
                )
            }
        }
    }

    public func receipt(sourceName: String) async throws -> Receipt? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM receipt WHERE source_name = ? ORDER BY id DESC LIMIT 1"),
                arguments: [sourceName]
            ).map(Self.receipt)
        }
    }

    // MARK: Rows

    static func user(_ row: Row) -> User {
        User(
            id: row["id"],
            name: row["name"],
            role: UserRole(rawValue: row["role"]) ?? .api,
            tenants: items(row["tenants"]),
            passwordHash: row["password_hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }

    static func apiToken(_ row: Row) -> APIToken {
        APIToken(
            id: row["id"],
            userID: row["user_id"],
            name: row["name"],
            scopes: items(row["scopes"]).compactMap(APIScope.init(rawValue:)),
            tenants: items(row["tenants"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            revokedAt: date(row["revoked_at"])
        )
    }

    /// A list stored as one text of space-separated items (tenant ids and scopes hold no spaces).
    static func list(_ items: [String]) -> String { items.joined(separator: " ") }
    static func items(_ text: String?) -> [String] { (text ?? "").split(separator: " ").map(String.init) }
}
