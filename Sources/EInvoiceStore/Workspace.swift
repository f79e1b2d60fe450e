#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the clerks' workspace and the ERP API keep in the store: accounts (users, their sessions and API tokens),
/// the clerks' decisions on rejections (each with an entry in the audit trail) and HTTP submissions. Every store
/// implements it (``InvoiceStore`` refines it).
public protocol WorkspaceStore: Sendable {
    // MARK: Users

    /// Adds a user; nil when the name is taken.
    func addUser(_ draft: UserDraft, at date: Date) async throws -> User?
    func user(named name: String) async throws -> User?
    func user(id: Int64) async throws -> User?
    /// Every user, by name.
    func users() async throws -> [User]
    /// Replaces a user's password hash and ends all the user's sessions. False when there is no such user.
    func setPasswordHash(user: Int64, _ hash: String, at date: Date) async throws -> Bool

    // MARK: Sessions

    /// Records a clerk's session (its token only as a hash), and forgets sessions that have expired.
    func addSession(_ session: Session) async throws
    /// The session with this token hash and its user, when it has not expired at `now` and the user may log in.
    func session(tokenHash: String, at now: Date) async throws -> (Session, User)?
    /// Ends a session (logout); nothing when there is none.
    func endSession(tokenHash: String) async throws

    // MARK: API tokens

    /// Adds an API token of a user (stored only as a hash).
    func addAPIToken(_ draft: APITokenDraft, at date: Date) async throws -> APIToken
    /// The token with this hash and its user, unless it is revoked or its user may not log in.
    func apiToken(hash: String) async throws -> (APIToken, User)?
    /// A user's tokens, revoked ones too, by id.
    func apiTokens(user: Int64) async throws -> [APIToken]
    /// Revokes a token; false when there is no such token. Idempotent.
    func revokeAPIToken(_ id: Int64, at date: Date) async throws -> Bool

    // MARK: Clerks' decisions

    /// Rejections matching `query`, newest first, and how many match in all.
    func rejections(matching query: RejectionQuery) async throws -> (entries: [RejectionEntry], total: Int)
    /// Booking entries matching `query`, newest first, and how many match in all.
    func bookings(matching query: BookingQuery) async throws -> (entries: [BookingEntry], total: Int)
    /// Booking entries of `scope` with an id greater than `after`, in id order: the ERP's cursor, with the same
    /// guarantee as ``InvoiceStore/bookings(after:limit:)``.
    func bookings(after: Int64, limit: Int, scope: TenantScope) async throws -> [BookingEntry]
    /// The ERP has taken these booking entries (listed or fetched them through the API): `new` ones become
    /// `taken`; acknowledged ones stay so. Idempotent.
    func markBookingsTaken(_ ids: [Int64]) async throws
    /// Rejections of `scope` with an id greater than `after`, in id order (the same cursor guarantee).
    func rejections(after: Int64, limit: Int, scope: TenantScope) async throws -> [RejectionEntry]
    /// A clerk decides a rejection: sets its status and appends `audit` (its rejection, receipt and tenant filled
    /// in) in one transaction. nil when there is no such rejection.
    func setRejectionStatus(
        _ id: Int64,
        _ status: RejectionStatus,
        audit: AuditDraft
    ) async throws -> RejectionEntry?
    /// Appends one entry to the audit trail.
    func appendAudit(_ draft: AuditDraft) async throws -> AuditEntry
    /// Held suspected duplicates matching `query`, newest first, and how many match in all.
    func heldDuplicates(matching query: HeldDuplicateQuery) async throws -> (entries: [HeldDuplicate], total: Int)
    /// One held suspected duplicate; nil when there is none.
    func heldDuplicate(_ id: Int64) async throws -> HeldDuplicate?
    /// A clerk decides a held suspected duplicate: `.released` books it (a booking entry of its own beside the one it
    /// resembles, naming it in `released_from`), `.rejected` keeps it out of booking for good. `audit` is appended in
    /// the same transaction (its receipt, booking and tenant filled in). An entry decided already stays as it was
    /// and nothing is appended. nil when there is no such entry.
    func decideHeldDuplicate(
        _ id: Int64,
        _ decision: HeldDuplicateStatus,
        audit: AuditDraft
    ) async throws -> HeldDuplicate?
    /// What the overview counts for `scope`, decided at or after `since` (nil: ever).
    func counts(scope: TenantScope, since: Date?) async throws -> WorkspaceCounts
    /// Audit entries matching `query`, newest first.
    func auditEntries(matching query: AuditQuery) async throws -> [AuditEntry]

    // MARK: Submissions over HTTP

    /// Records an invoice submitted over HTTP before its file is written into the inbox.
    func addSubmission(_ submission: Submission) async throws
    func submission(id: String) async throws -> Submission?
    /// The newest receipt of a file with this inbox path, when the pipeline has taken it.
    func receipt(sourceName: String) async throws -> Receipt?
}

/// Which tenants' invoices a user or token sees.
public enum TenantScope: Sendable, Hashable {
    case all
    case only([String])

    /// From a user's or token's tenant list: `*` means every tenant.
    public init(_ tenants: [String]) {
        self = tenants.contains(UserDraft.allTenants) ? .all : .only(tenants)
    }

    public func contains(_ tenant: String) -> Bool {
        switch self {
        case .all: true
        case .only(let tenants): tenants.contains(tenant)
        }
    }
}

/// What a user may do.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Works in the clerks' workspace.
    case clerk
    /// A clerk who may also see everything administrative (users, the whole audit log).
    case admin
    /// An ERP or other system: only API tokens, no pages.
    case api
}

/// A new user.
public struct UserDraft: Sendable, Hashable {
    /// The tenant list entry that stands for every tenant.
    public static let allTenants = "*"

    public var name: String
    public var role: UserRole
    /// The tenants whose invoices the user sees (`*`: all).
    public var tenants: [String]
    /// The password hash (see EInvoiceWeb's `PasswordHash`); nil for a user who cannot log in (role api).
    public var passwordHash: String?

    public init(name: String, role: UserRole, tenants: [String], passwordHash: String?) {
        self.name = name
        self.role = role
        self.tenants = tenants
        self.passwordHash = passwordHash
    }
}

public struct User: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: UserRole
    public var tenants: [String]
    public var passwordHash: String?
    public var createdAt: Date

    public init(id: Int64, name: String, role: UserRole, tenants: [String], passwordHash: String?, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.tenants = tenants
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    public var scope: TenantScope { TenantScope(tenants) }
}

/// A clerk's login session. The cookie holds the token; the store only its SHA-256.
public struct Session: Sendable, Hashable {
    public var tokenHash: String
    public var userID: Int64
    /// The CSRF token every form of this session carries.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What an API token may do.
public enum APIScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// List and fetch bookings.
    case bookingsRead = "bookings:read"
    /// Acknowledge bookings.
    case bookingsAck = "bookings:ack"
    /// List rejections.
    case rejectionsRead = "rejections:read"
    /// Submit invoices and poll their status.
    case invoicesSubmit = "invoices:submit"
}

public struct APITokenDraft: Sendable, Hashable {
    public var userID: Int64
    /// A name to tell the tokens apart (e.g. the ERP system's name).
    public var name: String
    /// The SHA-256 of the token, lowercase hex.
    public var tokenHash: String
    public var scopes: [APIScope]
    /// The tenants the token sees: a subset of its user's (`*`: all of the user's).
    public var tenants: [String]

    public init(userID: Int64, name: String, tokenHash: String, scopes: [APIScope], tenants: [String]) {
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
        self.tenants = tenants
    }
}

public struct APIToken: Sendable, Hashable {
    public var id: Int64
    public var userID: Int64
    public var name: String
    public var scopes: [APIScope]
    public var tenants: [String]
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64,
        userID: Int64,
        name: String,
        scopes: [APIScope],
        tenants: [String],
        createdAt: Date,
        revokedAt: Date?
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scopes = scopes
        self.tenants = tenants
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// What the token sees: its own tenants within its user's.
    public func scope(of user: User) -> TenantScope {
        switch (TenantScope(tenants), user.scope) {
        case (.all, let userScope): userScope
        case (.only(let mine), .all): .only(mine)
        case (.only(let mine), .only(let theirs)): .only(mine.filter(theirs.contains))
        }
    }
}

/// Which rejections a clerk's list shows.
public struct RejectionQuery: Sendable, Hashable {
    public var scope: TenantScope
    public var status: RejectionStatus?
    /// Part of the seller's name (case-insensitive).
    public var sender: String?
    /// One failed rule id, exactly.
    public var ruleID: String?
    /// Rejected at or after.
    public var from: Date?
    /// Rejected before.
    public var until: Date?
    /// Part of the invoice number (case-insensitive).
    public var invoiceNumber: String?
    public var offset: Int
    public var limit: Int

    public init(
        scope: TenantScope,
        status: RejectionStatus? = nil,
        sender: String? = nil,
        ruleID: String? = nil,
        from: Date? = nil,
        until: Date? = nil,
        invoiceNumber: String? = nil,
        offset: Int = 0,
        limit: Int = 50
    ) {
        self.scope = scope
        self.status = status
        self.sender = sender
        self.ruleID = ruleID
        self.from = from
        self.until = until
        self.invoiceNumber = invoiceNumber
        self.offset = offset
        self.limit = limit
    }
}

/// Which bookings a clerk's list shows.
public struct BookingQuery: Sendable, Hashable {
    public var scope: TenantScope
    public var status: BookingStatus?
    public var offset: Int
    public var limit: Int

    public init(scope: TenantScope, status: BookingStatus? = nil, offset: Int = 0, limit: Int = 50) {
        self.scope = scope
        self.status = status
        self.offset = offset
        self.limit = limit
    }
}

/// Which held suspected duplicates a clerk's list shows.
public struct HeldDuplicateQuery: Sendable, Hashable {
    public var scope: TenantScope
    public var status: HeldDuplicateStatus?
    public var offset: Int
    public var limit: Int

    public init(scope: TenantScope, status: HeldDuplicateStatus? = nil, offset: Int = 0, limit: Int = 50) {
        self.scope = scope
        self.status = status
        self.offset = offset
        self.limit = limit
    }
}

/// The overview's figures for one period: invoices decided (booked, rejected, held as suspected duplicates) and
/// what still waits for a clerk.
public struct WorkspaceCounts: Sendable, Hashable {
    public var booked = 0
    public var rejected = 0
    public var suspectedDuplicates = 0
    /// Rejections still open, of those rejected in the period.
    public var openRejections = 0
    /// Suspected duplicates not yet released or rejected, of those held in the period.
    public var openDuplicates = 0

    /// Every invoice decided in the period (an exact copy of a file received before is not counted again).
    public var received: Int { booked + rejected + suspectedDuplicates }

    public init() {}
}

/// A new entry of the audit trail: who did what, why.
public struct AuditDraft: Sendable, Hashable {
    public var at: Date
    /// Who acted: `user:<name>` for a clerk, a command's name otherwise.
    public var actor: String
    /// What happened, e.g. `rejection.returned`, `rejection.resolved`, `invoice.reprocessed`.
    public var action: String
    public var receiptID: ReceiptID?
    public var bookingID: Int64?
    public var rejectionID: Int64?
    public var tenant: String?
    public var bundle: String?
    /// Why (the clerk's reason or comment) or what came of it.
    public var detail: String?

    public init(
        at: Date,
        actor: String,
        action: String,
        receiptID: ReceiptID? = nil,
        bookingID: Int64? = nil,
        rejectionID: Int64? = nil,
        tenant: String? = nil,
        bundle: String? = nil,
        detail: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.receiptID = receiptID
        self.bookingID = bookingID
        self.rejectionID = rejectionID
        self.tenant = tenant
        self.bundle = bundle
        self.detail = detail
    }
}

/// Which audit entries to list, newest first.
public struct AuditQuery: Sendable, Hashable {
    /// Entries of these tenants: an entry's tenant is its own, or that of its rejection or booking. Under `.only`,
    /// entries without any tenant (none of a clerk's) are left out.
    public var scope: TenantScope
    public var receiptID: ReceiptID?
    /// Entries with an id smaller than this (the next page).
    public var before: Int64?
    public var limit: Int

    public init(scope: TenantScope, receiptID: ReceiptID? = nil, before: Int64? = nil, limit: Int = 100) {
        self.scope = scope
        self.receiptID = receiptID
        self.before = before
        self.limit = limit
    }
}

/// An invoice submitted over HTTP: its id (what the sender polls) and the inbox path its file was written to.
public struct Submission: Sendable, Hashable {
    public var id: String
    public var tokenID: Int64
    public var tenant: String?
    /// The file's path relative to the inbox (the receipt's source name once the pipeline takes it).
    public var sourceName: String
    public var submittedAt: Date

    public init(id: String, tokenID: Int64, tenant: String?, sourceName: String, submittedAt: Date) {
        self.id = id
        self.tokenID = tokenID
        self.tenant = tenant
        self.sourceName = sourceName
        self.submittedAt = submittedAt
    }
}
