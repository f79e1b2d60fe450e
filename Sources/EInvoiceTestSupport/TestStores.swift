public import EInvoiceStore
public import EInvoiceStorePostgres
import EInvoiceStoreSQLite
import Logging
import PostgresNIO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The stores the store tests run against: each test is written once and runs on both.
public enum StoreKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL when a test server is configured, or when `.ci/run` is the caller (which must
    /// configure one: there the PostgreSQL half is never skipped).
    public static var tested: [StoreKind] {
        TestDatabase.isRequired || TestDatabase.serverURLText != nil ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// A store on a fresh database of its kind: a SQLite file in a temporary directory, or a new PostgreSQL database on
/// the test server (dropped afterwards).
public func withTestStore<T: Sendable>(
    _ kind: StoreKind,
    _ body: (any InvoiceStore & RecordTransfer) async throws -> T
) async throws -> T {
    switch kind {
    case .sqlite:
        let directory = try TemporaryDirectory(prefix: "eingang-store")
        return try await body(try SQLiteStore(path: directory.path("eingang.sqlite")))
    case .postgres:
        return try await TestDatabase.withDatabase { url in
            let store = try await PostgresStore.open(url)
            return try await store.withRunning { try await body($0) }
        }
    }
}

/// Databases on the PostgreSQL test server named by `EINGANG_TEST_DATABASE_URL` (`.ci/run` starts one with
/// `scripts/with-postgres`).
public enum TestDatabase {
    /// The variable naming the test server (any database on it; tests create their own).
    public static let variable = "EINGANG_TEST_DATABASE_URL"
    /// Set by `.ci/run`: the tests must not skip PostgreSQL.
    public static let ciVariable = "EINGANG_CI"

    static var serverURLText: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the PostgreSQL tests must run (under `.ci/run`).
    public static var isRequired: Bool { ProcessInfo.processInfo.environment[ciVariable] == "1" }

    /// Whether the PostgreSQL tests run: a server is configured, or they are required.
    public static var isEnabled: Bool { serverURLText != nil || isRequired }

    /// The test server.
    public static func serverURL() throws -> PostgresURL {
        guard let text = serverURLText else {
            throw TestDataError("\(variable) is not set; .ci/run starts a server with scripts/with-postgres")
        }
        return try PostgresURL(parsing: text)
    }

    /// Creates a fresh database, runs `body` with its URL, then drops it (also when `body` throws).
    public static func withDatabase<T: Sendable>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        let server = try serverURL()
        let name = "eingang_test_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        try await administer(server, "CREATE DATABASE \(name)")
        let result: Result<T, any Error>
        do {
            result = .success(try await body(server.withDatabase(name)))
        } catch {
            result = .failure(error)
        }
        try await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        return try result.get()
    }

    /// Runs one statement on the server's maintenance database.
    public static func administer(_ server: PostgresURL, _ sql: String) async throws {
        try await execute(server, sql)
    }

    /// Runs one statement on a database and returns the first column of its rows as text.
    @discardableResult
    public static func execute(_ url: PostgresURL, _ sql: String) async throws -> [String?] {
        let client = PostgresClient(configuration: try url.clientConfiguration())
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var values: [String?] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)) {
                values.append(row.count > 0 ? try row.makeRandomAccess()[0].decode(String?.self) : nil)
            }
            return values
        }
    }
}
