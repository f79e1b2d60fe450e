public import EInvoiceStore
public import Logging
import PostgresNIO
public import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The shared store: PostgreSQL through postgres-nio, for daemons on several machines that share one inbox and one
/// data directory (on a shared file system). Claims, heartbeats and take-overs are rows in the database; the
/// pipeline above is the same as on SQLite.
///
/// The store is a `Service`: its connection pool works while `run()` runs (in the daemon's `ServiceGroup`), or for
/// the duration of `withRunning`.
public final class PostgresStore: InvoiceStore, Service {
    /// Where the database is; its `description` is redacted.
    public let url: PostgresURL
    let client: PostgresClient
    let logger: Logger

    private init(url: PostgresURL, client: PostgresClient, logger: Logger) {
        self.url = url
        self.client = client
        self.logger = logger
    }

    /// Connects to the database and applies the migrations it lacks (under an advisory lock: daemons that start
    /// together migrate once). Returns the store, whose pool works once `run()` or `withRunning` runs.
    public static func open(
        _ url: PostgresURL,
        logger: Logger = Logger(label: "eingang.store")
    ) async throws(PostgresStoreError)
        -> PostgresStore
    {
        try await openReportingMigrations(url, logger: logger).store
    }

    /// `open`, and the names of the migrations it applied now.
    public static func openReportingMigrations(
        _ url: PostgresURL,
        logger: Logger = Logger(label: "eingang.store")
    ) async throws(PostgresStoreError)
        -> (store: PostgresStore, applied: [String])
    {
        let configuration: PostgresClient.Configuration
        let single: PostgresConnection.Configuration
        do {
            configuration = try url.clientConfiguration()
            single = try url.connectionConfiguration()
        } catch {
            throw PostgresStoreError(.invalidURL, "\(url): cannot set up TLS: \(error)")
        }
        let applied: [String]
        do {
            let connection = try await PostgresConnection.connect(configuration: single, id: 0, logger: logger)
            do {
                applied = try await migrate(on: connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw PostgresStoreError.wrapping(error, .unreachable, "\(url)")
        }
        return (PostgresStore(url: url, client: PostgresClient(configuration: configuration), logger: logger), applied)
    }

    /// Runs the connection pool until cancelled or until a graceful shutdown (swift-service-lifecycle).
    public func run() async throws {
        await client.run()
    }

    /// Runs the connection pool while `body` uses the store (the operator commands).
    public func withRunning<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    /// One transaction (READ COMMITTED), tried again after a serialization failure or a deadlock.
    func transaction<T: Sendable>(
        _ context: String,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch {
                let wrapped = PostgresStoreError.wrapping(error, .statementFailed, context)
                if wrapped.isRetryable && attempt < 5 { continue }
                throw wrapped
            }
        }
    }

    /// One statement outside a transaction; its rows.
    func rows(_ context: String, _ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw PostgresStoreError.wrapping(error, .statementFailed, context)
        }
    }
}

extension PostgresConnection {
    /// The rows of one statement in the current transaction.
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Runs a statement for its effect.
    func run(_ query: PostgresQuery, _ logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
