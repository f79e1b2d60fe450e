import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import EInvoiceValidation
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `eingang run`: the inbox daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Take invoices from the inbox, decide them, and book or reject each exactly once.",
        discussion: """
            Runs until SIGTERM or SIGINT (files in flight are finished first), serving the clerks' workspace and the \
            ERP API on web.listen of Pipeline.yml (as eingang serve). With --once, processes what is in the inbox \
            (without the web server) and exits: 0 when everything taken is settled, 1 when something could not be finished (it is \
            finished by the next run), 2 for configuration errors.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The inbox directory (overrides Pipeline.yml).")
    var inbox: String?

    @Option(help: "Invoices validated at once (default: the number of cores).")
    var workers: Int?

    @Flag(help: "Process what is in the inbox, then exit.")
    var once = false

    @OptionGroup var rules: RuleOptions

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        WebSetup.bootstrapLogging()
        let registry = WebSetup.bootstrapMetrics()
        let logger = Logger(label: "eingang")
        let pipeline: Pipeline
        var web: (any Service)? = nil
        let lock: DataDirectoryLock?
        let opened: OpenedStore
        do {
            var configuration = try store.configuration()
            if let inbox { configuration.inbox = inbox }
            if let workers { configuration.workers = workers }
            if let directory = rules.rulesDirectory { configuration.rulesDirectory = directory }
            if rules.acceptUnpinnedRules { configuration.acceptUnpinnedRules = true }
            let location = try StoreLocation(configuration)
            let data = DataDirectory(path: configuration.dataDirectory)
            try data.prepare()
            if location.isShared {
                // Daemons on several machines share the data directory (on a shared file system) and the store.
                lock = nil
            } else {
                guard let acquired = try data.lock() else {
                    throw CommandFailure("another eingang run is using \(configuration.dataDirectory)")
                }
                lock = acquired
            }
            try FileManager.default.createDirectory(atPath: configuration.inbox, withIntermediateDirectories: true)
            var ruleOptions = rules
            ruleOptions.rulesDirectory = configuration.rulesDirectory
            let locations = try Setup.locate(ruleOptions)
            let (validator, bundle) = try Validator.makeStandard(
                rulesDirectory: locations.rules,
                schemasDirectory: locations.schemas,
                acceptUnpinned: configuration.acceptUnpinnedRules
            )
            opened = try await location.open(logger: logger)
            pipeline = Pipeline(
                configuration: configuration,
                validator: validator,
                bundleHash: bundle.bundleHash,
                store: opened.store,
                extractTerms: BookingTerms.extract,
                writers: try ReportSelection.writers(configuration),
                logger: logger
            )
            // The workspace and the ERP API beside the daemon (not for a single --once pass).
            if !once, configuration.webListen != nil {
                web = try WebSetup.application(
                    configuration: configuration,
                    store: opened.store,
                    validator: validator,
                    bundleHash: bundle.bundleHash,
                    registry: registry,
                    logger: logger
                )
            }
            logger.info(
                "started",
                metadata: [
                    "inbox": "\(configuration.inbox)", "data": "\(configuration.dataDirectory)",
                    "store": "\(location)",
                    "workers": "\(configuration.workers ?? ProcessInfo.processInfo.activeProcessorCount)",
                    "bundle": "\(bundle.bundleHash.prefix(12))",
                ]
            )
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let service = PipelineService(pipeline: pipeline, once: once)
        // The store's connections first: a graceful shutdown stops the pipeline (which finishes the files in flight)
        // before them. The pipeline ends by itself with --once or after a graceful shutdown: that ends the group,
        // successfully.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let storeService = opened.service { services.append(.init(service: storeService)) }
        if let web { services.append(.init(service: web)) }
        services.append(.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        withExtendedLifetime(lock) {}
        guard let summary = service.summary else { return }
        let parts = Outcome.allCases.map { "\($0.rawValue) \(summary.outcomes[$0] ?? 0)" }
        print("settled \(summary.total): " + parts.joined(separator: ", "))
        if summary.unfinished > 0 {
            FileHandle.standardError.write(Data("eingang: \(summary.unfinished) file(s) could not be finished\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The pipeline as a service of swift-service-lifecycle: a graceful shutdown stops intake and finishes the files in
/// flight.
final class PipelineService: Service, @unchecked Sendable {
    let pipeline: Pipeline
    let once: Bool
    /// Set once `run` has returned (read after the service group ended).
    private(set) var summary: Pipeline.Summary?

    init(pipeline: Pipeline, once: Bool) {
        self.pipeline = pipeline
        self.once = once
    }

    func run() async throws {
        let pipeline = pipeline
        let once = once
        summary = try await withGracefulShutdownHandler {
            try await pipeline.run(once: once)
        } onGracefulShutdown: {
            pipeline.requestStop()
        }
    }
}
