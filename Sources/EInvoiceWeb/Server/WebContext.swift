public import EInvoiceStore
public import Hummingbird
import Logging

/// The request context: who is asking (a clerk by session, or a system by API token).
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in clerk or the API token's user.
    public var user: User?
    /// The clerk's session (pages only).
    public var session: Session?
    /// The API token (API only).
    public var token: APIToken?
    /// Which tenants' invoices the request may see.
    public var scope: TenantScope = .only([])

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Invoice bodies up to the pipeline's limit (checked again by the intake).
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
