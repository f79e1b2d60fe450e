/// The pipeline's configuration: what `Pipeline.yml` holds (see the file at the repository root for every key, its
/// default and its meaning). Every field has a default, so no configuration at all is a working one.
public struct PipelineConfiguration: Sendable, Hashable {
    /// One authority or company served by this installation (a Mandant).
    public struct Tenant: Sendable, Hashable {
        /// The tenant's id, stored with each booking and rejection.
        public var id: String
        /// Files in this subdirectory of the inbox belong to the tenant.
        public var inboxDirectory: String?
        /// Invoices whose buyer reference (BT-10, the Leitweg-ID) starts with one of these belong to the tenant.
        public var buyerReferencePrefixes: [String]

        public init(id: String, inboxDirectory: String? = nil, buyerReferencePrefixes: [String] = []) {
            self.id = id
            self.inboxDirectory = inboxDirectory
            self.buyerReferencePrefixes = buyerReferencePrefixes
        }
    }

    /// The directory creditors drop invoices into.
    public var inbox = "inbox"
    /// Where the database, the archive, the work area and the reports are.
    public var dataDirectory = "data"
    /// Invoices validated at once; nil: the number of cores.
    public var workers: Int?
    /// Files larger than this are rejected unread (bytes; 15 MB like the federal invoice portal).
    public var maxFileSize = 15_000_000
    /// Seconds a file must stay unmodified before it is taken.
    public var stableAfter = 2.0
    /// Seconds between rescans of the inbox when no change was notified.
    public var rescanInterval = 5.0
    /// Validation attempts of one file before it is rejected as unprocessable (a file that crashed the daemon).
    public var maxAttempts = 3
    /// The official rules directory; nil: `$EINGANG_RULES`, then `../shared/rules`.
    public var rulesDirectory: String?
    /// Start even when the rules differ from the lock manifest.
    public var acceptUnpinnedRules = false
    /// Reports stored with each rejection (`varl`, `json`, `html`).
    public var reportFormats = ["varl", "json", "html"]
    /// The language of the HTML report (`de`, `en`).
    public var reportLanguage = "de"
    /// The tenants; empty: everything belongs to the default tenant.
    public var tenants: [Tenant] = []
    /// The tenant of an invoice no tenant claims; nil: such an invoice is rejected.
    public var defaultTenant: String? = "default"
    /// The store; nil: SQLite in the data directory. A secret (it may hold a password): never logged or printed.
    public var databaseURL: String?
    /// Seconds between a daemon's heartbeats in the store.
    public var heartbeatInterval = 5.0
    /// Seconds without a heartbeat after which another daemon takes over a daemon's unsettled receipts (a shared
    /// store only; on SQLite a starting daemon takes over at once).
    public var heartbeatTimeout = 30.0
    /// Where the clerks' workspace and the ERP API listen (`host:port`); nil: `eingang run` starts no web server.
    public var webListen: String? = "127.0.0.1:8080"
    /// Whether the session cookie is marked `Secure` (HTTPS only; browsers accept it from http://localhost too).
    public var webSecureCookies = true

    public init() {}
}
