import ArgumentParser
import EInvoicePipeline
import EInvoiceReports
import EInvoiceStore
import EInvoiceValidation
import EInvoiceWeb
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `eingang serve`: the clerks' workspace and the ERP API without the inbox daemon (`eingang run` serves them too).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the clerks' workspace and the ERP API (without processing the inbox).",
        discussion: """
            Listens on web.listen of Pipeline.yml (default 127.0.0.1:8080, this machine only) until SIGTERM or \
            SIGINT. Loads the rules, for /health and for reprocessing an invoice from the workspace.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "host:port to listen on (overrides web.listen of Pipeline.yml).")
    var listen: String?

    @Option(help: "The inbox directory, where invoices posted to the API are written (overrides Pipeline.yml).")
    var inbox: String?

    @OptionGroup var rules: RuleOptions

    func run() async throws {
        WebSetup.bootstrapLogging()
        let registry = WebSetup.bootstrapMetrics()
        let logger = Logger(label: "eingang")
        let opened: OpenedStore
        let application: any Service
        do {
            var configuration = try store.configuration()
            if let inbox { configuration.inbox = inbox }
            if let listen { configuration.webListen = listen }
            if let directory = rules.rulesDirectory { configuration.rulesDirectory = directory }
            if rules.acceptUnpinnedRules { configuration.acceptUnpinnedRules = true }
            guard configuration.webListen != nil else { throw CommandFailure("web.listen is empty: nothing to serve") }
            var ruleOptions = rules
            ruleOptions.rulesDirectory = configuration.rulesDirectory
            let locations = try Setup.locate(ruleOptions)
            let (validator, bundle) = try Validator.makeStandard(
                rulesDirectory: locations.rules,
                schemasDirectory: locations.schemas,
                acceptUnpinned: configuration.acceptUnpinnedRules
            )
            opened = try await StoreLocation(configuration).open(logger: logger)
            application = try WebSetup.application(
                configuration: configuration,
                store: opened.store,
                validator: validator,
                bundleHash: bundle.bundleHash,
                registry: registry,
                logger: logger
            )
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let storeService = opened.service { services.append(.init(service: storeService)) }
        services.append(.init(service: application))
        try await ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        ).run()
    }
}

/// What `eingang serve` and `eingang run` share to start the web server.
enum WebSetup {
    static func bootstrapLogging() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
    }

    /// The process's metrics go to a Prometheus registry, which `/metrics` shows.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    static func application(
        configuration: PipelineConfiguration,
        store: any InvoiceStore,
        validator: Validator,
        bundleHash: String,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) throws -> any Service {
        guard let listen = configuration.webListen, let (host, port) = WebConfiguration.parseListen(listen) else {
            throw CommandFailure("web.listen must be host:port, e.g. 127.0.0.1:8080")
        }
        // Checked before the daemon registers and takes files: a second eingang on the same machine with the same
        // web.listen stops at once with a clear reason instead of after its start.
        if isInUse(host: host, port: port) {
            throw CommandFailure(
                "cannot listen on \(listen) (web.listen): the address is in use, by another eingang perhaps; "
                    + "give each daemon on this machine its own web.listen, or `web: {listen: ~}` for none"
            )
        }
        var inboxes: [String: String] = [:]
        for tenant in configuration.tenants { if let inbox = tenant.inboxDirectory { inboxes[tenant.id] = inbox } }
        let workspace = Workspace(
            store: store,
            configuration: WebConfiguration(
                host: host,
                port: port,
                inbox: configuration.inbox,
                dataDirectory: configuration.dataDirectory,
                tenantInboxes: inboxes,
                defaultLanguage: ReportLanguage(rawValue: configuration.reportLanguage) ?? .german,
                secureCookies: configuration.webSecureCookies,
                maxUploadSize: configuration.maxFileSize
            ),
            registry: registry,
            reprocessing: PipelineReprocessing(
                configuration: configuration,
                validator: validator,
                bundleHash: bundleHash,
                store: store,
                extractTerms: BookingTerms.extract
            )
        )
        logger.info("web", metadata: ["listen": "\(host):\(port)"])
        return workspace.application(logger: logger)
    }

    /// Whether a TCP listener holds `host:port` already (an IPv4 address; for other hosts the server's own error
    /// tells).
    static func isInUse(host: String, port: Int) -> Bool {
        guard port > 0, port <= 65_535 else { return false }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else { return false }
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard probe >= 0 else { return false }
        defer { close(probe) }
        var one: Int32 = 1
        setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound != 0 && errno == EADDRINUSE
    }
}
