import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import EInvoiceStorePostgres
import EInvoiceStoreSQLite
import Foundation
import Logging
import ServiceLifecycle

/// Options of every command that uses the store: `--config`, `--data-dir` and `--database-url`, overriding
/// Pipeline.yml (and `EINGANG_DATABASE_URL`, which overrides the file too).
struct StoreOptions: ParsableArguments {
    /// The environment variable that names the store (a secret: it may hold a password).
    static let databaseURLVariable = "EINGANG_DATABASE_URL"

    @Option(help: "The configuration file (default: ./Pipeline.yml when present, else built-in defaults).")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "The data directory (database, archive, reports).")
    var dataDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: """
            The store: postgres://user@host:port/db, postgres:///db?host=/socket/dir or sqlite:PATH (default: \
            $EINGANG_DATABASE_URL, else database.url of Pipeline.yml, else SQLite in the data directory).
            """
    )
    var databaseURL: String?

    /// The configuration: `--config`, else `./Pipeline.yml` when there is one, else the defaults; then
    /// `EINGANG_DATABASE_URL`; then the command line's overrides.
    func configuration() throws -> PipelineConfiguration {
        var configuration: PipelineConfiguration
        if let config {
            configuration = try PipelineConfiguration.load(path: config)
        } else if FileManager.default.fileExists(atPath: "Pipeline.yml") {
            configuration = try PipelineConfiguration.load(path: "Pipeline.yml")
        } else {
            configuration = PipelineConfiguration()
        }
        if let url = ProcessInfo.processInfo.environment[Self.databaseURLVariable], !url.isEmpty {
            configuration.databaseURL = url
        }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if let databaseURL { configuration.databaseURL = databaseURL }
        return configuration
    }

    /// Opens the store the configuration names (applying its migrations) and runs `body` with it.
    static func withStore<T: Sendable>(
        _ configuration: PipelineConfiguration,
        _ body: (any InvoiceStore & RecordTransfer) async throws -> T
    ) async throws -> T {
        let location = try StoreLocation(configuration)
        return try await location.open().withRunning(body)
    }
}

/// Where the store is: SQLite in a file, or a PostgreSQL database.
enum StoreLocation: CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// The store of a configuration: `database.url`, else SQLite in the data directory.
    init(_ configuration: PipelineConfiguration) throws {
        guard let url = configuration.databaseURL else {
            self = .sqlite(path: DataDirectory(path: configuration.dataDirectory).databasePath)
            return
        }
        try self.init(url: url)
    }

    /// `sqlite:PATH`, or a `postgres://` / `postgresql://` URL.
    init(url: String) throws {
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw CommandFailure("sqlite: needs a path, as in sqlite:data/eingang.sqlite") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: url))
        } else {
            // Not shown: it might be a URL with a password and a typo.
            throw CommandFailure("the database URL must start with postgres://, postgresql:// or sqlite:")
        }
    }

    /// Safe to print: a PostgreSQL URL without user and password.
    var description: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url.description
        }
    }

    /// Whether several daemons may share it (and the data directory).
    var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Opens the store and applies its migrations.
    func open(logger: Logger = Logger(label: "eingang.store")) async throws -> OpenedStore {
        switch self {
        case .sqlite(let path):
            let directory = SystemPath.parent(of: path)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: path)
            return OpenedStore(store: store, postgres: nil, appliedNow: nil)
        case .postgres(let url):
            let (store, applied) = try await PostgresStore.openReportingMigrations(url, logger: logger)
            return OpenedStore(store: store, postgres: store, appliedNow: applied)
        }
    }
}

/// An open store; for PostgreSQL also the service that runs its connections.
struct OpenedStore: Sendable {
    let store: any InvoiceStore & RecordTransfer
    let postgres: PostgresStore?
    /// The migrations applied while opening, when the store reports them.
    let appliedNow: [String]?

    /// The service to run in the daemon's service group before the pipeline, if any.
    var service: (any Service)? { postgres }

    /// Runs `body` while the store's connections work.
    func withRunning<T: Sendable>(
        _ body: (any InvoiceStore & RecordTransfer) async throws -> T
    ) async throws -> T {
        guard let postgres else { return try await body(store) }
        return try await postgres.withRunning { try await body($0) }
    }

    /// Every migration the database has, in order.
    func migrations() async throws -> [String] {
        if let postgres { return try await postgres.withRunning { try await $0.appliedMigrations() } }
        if let sqlite = store as? SQLiteStore { return try await sqlite.appliedMigrations() }
        return []
    }
}

/// Paths as strings.
enum SystemPath {
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// A command that cannot do its work: the message goes to standard error, the exit status is 2.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
