public import EInvoiceStore
import PostgresNIO

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Users, sessions, API tokens, the clerks' decisions and HTTP submissions (see ``WorkspaceStore``).
extension PostgresStore {
    // MARK: Users

    public func addUser(_ draft: UserDraft, at date: Date) async throws -> User? {
        let tenants = Self.list(draft.tenants)
        return try await rows(
            "adding a user",
            """
            INSERT INTO app_user (name, role, tenants, password_hash, created_at)
            VALUES (\(draft.name), \(draft.role.rawValue), \(tenants), \(draft.passwordHash), \(date))
            ON CONFLICT (name) DO NOTHING
            RETURNING *
            """
        ).first.map(Self.user)
    }

    public func user(named name: String) async throws -> User? {
        try await rows("reading a user", "SELECT * FROM app_user WHERE name = \(name)").first.map(Self.user)
    }

    public func user(id: Int64) async throws -> User? {
        try await rows("reading a user", "SELECT * FROM app_user WHERE id = \(id)").first.map(Self.user)
    }

    public func users() async throws -> [User] {
        try await rows("listing users", "SELECT * FROM app_user ORDER BY name").map(Self.user)
    }

    public func setPasswordHash(user: Int64, _ hash: String, at date: Date) async throws -> Bool {
        try await transaction("setting a password") { [logger] connection in
            let changed = try await connection.rows(
                "UPDATE app_user SET password_hash = \(hash), password_changed_at = \(date) WHERE id = \(user) RETURNING id",
                logger
            )
            guard !changed.isEmpty else { return false }
            try await connection.run("DELETE FROM session WHERE user_id = \(user)", logger)
            return true
        }
    }

    // MARK: Sessions

    public func addSession(_ session: Session) async throws {
        _ = try await rows(
            "forgetting expired sessions",
            "DELETE FROM session WHERE expires_at <= \(session.createdAt)"
        )
        _ = try await rows(
            "adding a session",
            """
            INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at)
            VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \
            \(session.expiresAt))
            """
        )
    }

    public func session(tokenHash: String, at now: Date) async throws -> (Session, User)? {
        guard
            let row = try await rows(
                "reading a session",
                """
                SELECT s.token_hash, s.csrf_token, s.created_at AS s_created_at, s.expires_at, u.*
                FROM session s JOIN app_user u ON u.id = s.user_id
                WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now)
                """
            ).first
        else { return nil }
        let user = try Self.user(row)
        guard user.role != .api, user.passwordHash != nil else { return nil }
        let session = Session(
            tokenHash: try row["token_hash"].decode(String.self),
            userID: user.id,
            csrfToken: try row["csrf_token"].decode(String.self),
            createdAt: try row["s_created_at"].decode(Date.self),
            expiresAt: try row["expires_at"].decode(Date.self)
        )
        return (session, user)
    }

    public func endSession(tokenHash: String) async throws {
        _ = try await rows("ending a session", "DELETE FROM session WHERE token_hash = \(tokenHash)")
    }

    // MARK: API tokens

    public func addAPIToken(_ draft: APITokenDraft, at date: Date) async throws -> APIToken {
        let scopes = Self.list(draft.scopes.map(\.rawValue))
        let tenants = Self.list(draft.tenants)
        let row = try await rows(
            "adding an API token",
            """
            INSERT INTO api_token (user_id, name, token_hash, scopes, tenants, created_at)
            VALUES (\(draft.userID), \(draft.name), \(draft.tokenHash), \(scopes), \(tenants), \(date))
            RETURNING id
            """
        )
        return APIToken(
            id: try row.first?["id"].decode(Int64.self) ?? 0,
            userID: draft.userID,
            name: draft.name,
            scopes: draft.scopes,
            tenants: draft.tenants,
            createdAt: date,
            revokedAt: nil
        )
    }

    public func apiToken(hash: String) async throws -> (APIToken, User)? {
        guard
            let row = try await rows(
                "reading an API token",
                """
                SELECT t.id AS t_id, t.name AS t_name, t.scopes, t.tenants AS t_tenants,
                    t.created_at AS t_created_at, u.*
                FROM api_token t JOIN app_user u ON u.id = t.user_id
                WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL
                """
            ).first
        else { return nil }
        let user = try Self.user(row)
        let token = APIToken(
            id: try row["t_id"].decode(Int64.self),
            userID: user.id,
            name: try row["t_name"].decode(String.self),
            scopes: Self.items(try row["scopes"].decode(String.self)).compactMap(APIScope.init(rawValue:)),
            tenants: Self.items(try row["t_tenants"].decode(String.self)),
            createdAt: try row["t_created_at"].decode(Date.self),
            revokedAt: nil
        )
        return (token, user)
    }

    public func apiTokens(user: Int64) async throws -> [APIToken] {
        try await rows("listing API tokens", "SELECT * FROM api_token WHERE user_id = \(user) ORDER BY id")
            .map(Self.apiToken)
    }

    public func revokeAPIToken(_ id: Int64, at date: Date) async throws -> Bool {
        !(try await rows(
            "revoking an API token",
            "UPDATE api_token SET revoked_at = COALESCE(revoked_at, \(date)) WHERE id = \(id) RETURNING id"
        ).isEmpty)
    }

    // MARK: Clerks' lists and decisions

    /// Conditions joined by AND, with their binds numbered in order.
    struct Filter {
        var conditions: [String] = []
        var binds = PostgresBindings()
        private var count = 0

        /// Appends a condition; `$` in it stands for the next bind.
        mutating func add(_ condition: String, _ value: some PostgresNonThrowingEncodable & Sendable) {
            count += 1
            conditions.append(
                condition.split(separator: "$", omittingEmptySubsequences: false).joined(separator: "$\(count)")
            )
            binds.append(value)
        }

        mutating func add(_ condition: String) { conditions.append(condition) }

        mutating func scope(_ column: String, _ scope: TenantScope) {
            guard case .only(let tenants) = scope else { return }
            count += 1
            conditions.append("\(column) = ANY($\(count))")
            binds.append(tenants)
        }

        var clause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

        /// A query with `LIMIT` and `OFFSET` binds appended.
        func query(_ sql: String, limit: Int, offset: Int? = nil) -> PostgresQuery {
            var binds = binds
            binds.append(Int64(clamping: limit))
            var text = sql + " LIMIT $\(count + 1)"
            if let offset {
                binds.append(Int64(clamping: offset))
                text += " OFFSET $\(count + 2)"
            }
            return PostgresQuery(unsafeSQL: text, binds: binds)
        }

        func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
    }

    public func rejections(matching query: RejectionQuery) async throws -> (entries: [RejectionEntry], total: Int) {
        var filter = Filter()
        filter.scope("j.tenant", query.scope)
        if let status = query.status { filter.add("j.status = $", status.rawValue) }
        if let sender = query.sender, !sender.isEmpty {
            filter.add("strpos(lower(COALESCE(j.seller_name, '')), lower($)) > 0", sender)
        }
        if let rule = query.ruleID, !rule.isEmpty {
            filter.add("strpos(' ' || j.rule_ids || ' ', ' ' || $ || ' ') > 0", rule)
        }
        if let from = query.from { filter.add("j.rejected_at >= $", from) }
        if let until = query.until { filter.add("j.rejected_at < $", until) }
        if let number = query.invoiceNumber, !number.isEmpty {
            filter.add("strpos(lower(COALESCE(j.invoice_number, '')), lower($)) > 0", number)
        }
        let total =
            try await rows("counting rejections", filter.query("SELECT COUNT(*) AS n FROM rejection j" + filter.clause))
            .first?["n"].decode(Int.self) ?? 0
        let entries = try await rows(
            "listing rejections",
            filter.query(
                Self.rejectionSelect + filter.clause + " ORDER BY j.id DESC",
                limit: query.limit,
                offset: query.offset
            )
        ).map(Self.rejection)
        return (entries, total)
    }

    public func bookings(matching query: BookingQuery) async throws -> (entries: [BookingEntry], total: Int) {
        var filter = Filter()
        filter.scope("b.tenant", query.scope)
        if let status = query.status { filter.add("b.status = $", status.rawValue) }
        let total =
            try await rows("counting bookings", filter.query("SELECT COUNT(*) AS n FROM booking b" + filter.clause))
            .first?["n"].decode(Int.self) ?? 0
        let entries = try await rows(
            "listing bookings",
            filter.query(
                Self.bookingSelect(withTerms: false) + filter.clause + " ORDER BY b.id DESC",
                limit: query.limit,
                offset: query.offset
            )
        ).map(Self.booking)
        return (entries, total)
    }

    public func bookings(after: Int64, limit: Int, scope: TenantScope) async throws -> [BookingEntry] {
        var filter = Filter()
        filter.add("b.id > $", after)
        filter.scope("b.tenant", scope)
        return try await rows(
            "listing bookings",
            filter.query(Self.bookingSelect(withTerms: false) + filter.clause + " ORDER BY b.id", limit: limit)
        ).map(Self.booking)
    }

    public func markBookingsTaken(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        _ = try await rows(
            "marking bookings taken",
            "UPDATE booking SET status = 'taken' WHERE status = 'new' AND id = ANY(\(ids))"
        )
    }

    public func rejections(after: Int64, limit: Int, scope: TenantScope) async throws -> [RejectionEntry] {
        var filter = Filter()
        filter.add("j.id > $", after)
        filter.scope("j.tenant", scope)
        return try await rows(
            "listing rejections",
            filter.query(Self.rejectionSelect + filter.clause + " ORDER BY j.id", limit: limit)
        ).map(Self.rejection)
    }

    public func setRejectionStatus(
        _ id: Int64,
        _ status: RejectionStatus,
        audit: AuditDraft
    ) async throws -> RejectionEntry? {
        try await transaction("deciding a rejection") { [logger] connection in
            guard
                let row = try await connection.rows(
                    "\(unescaped: Self.rejectionSelect) WHERE j.id = \(id) FOR UPDATE OF j",
                    logger
                ).first
            else { return nil }
            let entry = try Self.rejection(row)
            let resolvedAt: Date? = status == .resolved ? audit.at : nil
            try await connection.run(
                "UPDATE rejection SET status = \(status.rawValue), resolved_at = \(resolvedAt) WHERE id = \(id)",
                logger
            )
            var draft = audit
            draft.rejectionID = id
            draft.receiptID = entry.receiptID
            draft.tenant = entry.tenant
            _ = try await Self.appendAudit(connection, draft, logger)
            return try await connection.rows("\(unescaped: Self.rejectionSelect) WHERE j.id = \(id)", logger)
                .first.map(Self.rejection)
        }
    }

    public func appendAudit(_ draft: AuditDraft) async throws -> AuditEntry {
        try await transaction("appending to the audit trail") { [logger] connection in
            try await Self.appendAudit(connection, draft, logger)
        }
    }

    /// Appends under the audit cursor's lock, so that ids are drawn in commit order.
    static func appendAudit(
        _ connection: PostgresConnection,
        _ draft: AuditDraft,
        _ logger: Logger
    ) async throws
        -> AuditEntry
    {
        try await connection.run(
            "SELECT pg_advisory_xact_lock(\(PostgresStore.lockNamespace), \(PostgresStore.auditCursorLock))",
            logger
        )
        let rows = try await connection.rows(
            """
            INSERT INTO audit (at, actor, action, receipt_id, booking_id, rejection_id, bundle, detail, tenant)
            VALUES (\(draft.at), \(draft.actor), \(draft.action), \(draft.receiptID), \(draft.bookingID), \
            \(draft.rejectionID), \(draft.bundle), \(draft.detail), \(draft.tenant))
            RETURNING id
            """,
            logger
        )
        return AuditEntry(
            id: try rows.first?["id"].decode(Int64.self) ?? 0,
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
        var filter = Filter()
        filter.scope("COALESCE(a.tenant, j.tenant, b.tenant)", query.scope)
        if let receipt = query.receiptID { filter.add("a.receipt_id = $", receipt) }
        if let before = query.before { filter.add("a.id < $", before) }
        return try await rows(
            "listing the audit trail",
            filter.query(
                """
                SELECT a.id, a.at, a.actor, a.action, a.receipt_id, a.booking_id, a.rejection_id, a.bundle, a.detail,
                    COALESCE(a.tenant, j.tenant, b.tenant) AS tenant
                FROM audit a
                LEFT JOIN rejection j ON j.id = a.rejection_id
                LEFT JOIN booking b ON b.id = a.booking_id
                """ + filter.clause + " ORDER BY a.id DESC",
                limit: query.limit
            )
        ).map(Self.auditEntry)
    }

    // MARK: Submissions

    public func addSubmission(_ submission: Submission) async throws {
        _ = try await rows(
            "recording a submission",
            """
            INSERT INTO submission (id, token_id, tenant, source_name, submitted_at)
            VALUES (\(submission.id), \(submission.tokenID), \(submission.tenant), \(submission.sourceName), \
            \(submission.submittedAt))
            """
        )
    }

    public func submission(id: String) async throws -> Submission? {
        try await rows("reading a submission", "SELECT * FROM submission WHERE id = \(id)").first.map { row in
            Submission(
                id: try row["id"].decode(String.self),
                tokenID: try row["token_id"].decode(Int64.self),
                tenant: try row["tenant"].decode(String?.self),
                sourceName: try row["source_name"].decode(String.self),
                submittedAt: try row["submitted_at"].decode(Date.self)
            )
        }
    }

    public func receipt(sourceName: String) async throws -> Receipt? {
        try await rows(
            "reading a receipt",
            """
            SELECT \(unescaped: Self.receiptColumns) FROM receipt WHERE source_name = \(sourceName)
            ORDER BY id DESC LIMIT 1
            """
        ).first.map(Self.receipt)
    }

    // MARK: Rows

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        User(
            id: try row["id"].decode(Int64.self),
            name: try row["name"].decode(String.self),
            role: UserRole(rawValue: try row["role"].decode(String.self)) ?? .api,
            tenants: items(try row["tenants"].decode(String.self)),
            passwordHash: try row["password_hash"].decode(String?.self),
            createdAt: try row["created_at"].decode(Date.self)
        )
    }

    /// A list stored as one text of space-separated items (tenant ids and scopes hold no spaces).
    static func apiToken(_ row: PostgresRandomAccessRow) throws -> APIToken {
        APIToken(
            id: try row["id"].decode(Int64.self),
            userID: try row["user_id"].decode(Int64.self),
            name: try row["name"].decode(String.self),
            scopes: items(try row["scopes"].decode(String.self)).compactMap(APIScope.init(rawValue:)),
            tenants: items(try row["tenants"].decode(String.self)),
            createdAt: try row["created_at"].decode(Date.self),
            revokedAt: try row["revoked_at"].decode(Date?.self)
        )
    }

    static func list(_ items: [String]) -> String { items.joined(separator: " ") }
    static func items(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
}
