public import EInvoiceStore
import HTTPTypes
public import Hummingbird
public import Logging
public import Prometheus

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decides one stored invoice again with the current rules (the pipeline's reprocessing, for one receipt).
public protocol InvoiceReprocessing: Sendable {
    /// Reprocesses the receipt; the store's audit trail records what changed, by `actor`. Returns a short text of
    /// what happened, for the clerk.
    func reprocess(receipt: ReceiptID, actor: String) async throws -> String
}

/// The clerks' workspace and the ERP API: one router over the store, the inbox and the data directory.
public final class Workspace: Sendable {
    public let store: any InvoiceStore
    public let configuration: WebConfiguration
    public let registry: PrometheusCollectorRegistry
    let reprocessing: (any InvoiceReprocessing)?
    let rulesReady: @Sendable () -> Bool
    let throttle = LoginThrottle()
    let requests: Counter

    /// - Parameters:
    ///   - registry: where `/metrics` reads from (the process's metrics factory writes the pipeline's counters
    ///     into it).
    ///   - reprocessing: what "reprocess" does; nil when this process has no rules loaded (the button is hidden).
    ///   - rulesReady: whether the rules are loaded and usable (for `/health`).
    public init(
        store: any InvoiceStore,
        configuration: WebConfiguration,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        reprocessing: (any InvoiceReprocessing)? = nil,
        rulesReady: @escaping @Sendable () -> Bool = { true }
    ) {
        self.store = store
        self.configuration = configuration
        self.registry = registry
        self.reprocessing = reprocessing
        self.rulesReady = rulesReady
        requests = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "eingang",
                metricName: "http_requests",
                unitName: "total",
                helpText: "HTTP requests answered by the workspace and the API"
            )
        )
    }

    /// Every route: pages, API, health and metrics.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders(requests: requests))
        addOperations(to: router)
        addAPI(to: router.group("api/v1").add(middleware: APITokenAuthenticator(workspace: self)))
        addLogin(to: router)
        addPages(to: router.group().add(middleware: SessionAuthenticator(workspace: self)))
        return router
    }

    /// The HTTP server on the configured address.
    public func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "eingang"
            ),
            logger: logger
        )
    }

    // MARK: Health and metrics

    func addOperations(to router: Router<WebContext>) {
        router.get("health") { _, _ -> Response in
            var problems: [String] = []
            if !self.rulesReady() { problems.append("rules") }
            do {
                _ = try await self.store.receipts(after: .max, limit: 1)
            } catch {
                problems.append("store")
            }
            if !FileAccess.isWritableDirectory(self.configuration.inbox) { problems.append("inbox") }
            let body = problems.isEmpty ? "ready\n" : "not ready: " + problems.joined(separator: ", ") + "\n"
            return Response(
                status: problems.isEmpty ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
        router.get("metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            self.registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }
}

/// Headers on every answer: no sniffing, no framing by others, no referrer leaving the site; counted.
struct SecurityHeaders: RouterMiddleware {
    let requests: Counter

    func handle(
        _ request: Request,
        context: WebContext,
        next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        requests.increment()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(
                status: error.status,
                headers: error.headers,
                body: .init(byteBuffer: ByteBuffer(string: error.body ?? error.status.reasonPhrase))
            )
            if response.headers[.contentType] == nil {
                response.headers[.contentType] = "text/plain; charset=utf-8"
            }
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        let frameOptions = HTTPField.Name("X-Frame-Options")!
        if response.headers[frameOptions] == nil { response.headers[frameOptions] = "DENY" }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-src 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'"
        }
        return response
    }
}
