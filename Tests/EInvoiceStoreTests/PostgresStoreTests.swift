import EInvoiceStore
import EInvoiceStorePostgres
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What only the PostgreSQL store has: migrations shared by daemons that start together, and its URL.
@Suite(.enabled(if: TestDatabase.isEnabled)) struct PostgresStoreTests {
    @Test func daemonsStartingTogetherMigrateOnce() async throws {
        try await TestDatabase.withDatabase { url in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await PostgresStore.openReportingMigrations(url).applied }
                }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(applied.filter { !$0.isEmpty }.count == 1, "one of them migrated, the others found it done")
            let versions = try await TestDatabase.execute(url, "SELECT version::text FROM eingang_migration")
            #expect(versions.count == Set(versions).count)
            #expect(versions.count == applied.flatMap { $0 }.count)
        }
    }

    @Test func refusesADatabaseOfANewerSchema() async throws {
        try await TestDatabase.withDatabase { url in
            _ = try await PostgresStore.open(url)
            try await TestDatabase.execute(url, "INSERT INTO eingang_migration (version, name) VALUES (999, 'future')")
            await #expect {
                _ = try await PostgresStore.open(url)
            } throws: { error in
                (error as? PostgresStoreError)?.code == .schemaTooNew
            }
        }
    }

    @Test func theAuditTrailIsAppendOnly() async throws {
        try await TestDatabase.withDatabase { url in
            let store = try await PostgresStore.open(url)
            try await store.withRunning { store in
                let booked = try await ReprocessingStoreTests.settled(
                    store,
                    "a.xml",
                    .booking(ReprocessingStoreTests.booking("N-1"))
                )
                let run = try await store.startReprocessRun(
                    key: "k",
                    parameters: "{}",
                    bundle: "new",
                    receipts: [booked],
                    at: Date()
                )
                let flag = ReprocessResult(receiptID: booked, report: "r", action: .flag(reason: "x"), detail: "d")
                _ = try await store.recordReprocessed(run: run.id, [flag], actor: "test", at: Date())
            }
            for statement in ["UPDATE audit SET actor = 'someone'", "DELETE FROM audit", "TRUNCATE audit"] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await TestDatabase.execute(url, statement)
                }
            }
            #expect(try await TestDatabase.execute(url, "SELECT actor FROM audit") == ["test"])
        }
    }

    @Test func anUnreachableDatabaseIsReportedWithoutItsPassword() async throws {
        let server = try TestDatabase.serverURL()
        var url = server.withDatabase("eingang_no_such_database")
        url.password = "s3cret-Passw0rd"
        do {
            _ = try await PostgresStore.open(url)
            Issue.record("opened a database that does not exist")
        } catch {
            let text = "\(error)"
            #expect(error.code == .unreachable)
            #expect(!text.contains("s3cret-Passw0rd"))
            #expect(!text.contains(url.user + "@"))
            #expect(text.contains("eingang_no_such_database"))
        }
    }
}

/// Reading database URLs.
@Suite struct PostgresURLTests {
    @Test func readsATCPURL() throws {
        let url = try PostgresURL(parsing: "postgres://clerk:p%40ss@db.example.org:5433/eingang?sslmode=require")
        #expect(url.user == "clerk")
        #expect(url.password == "p@ss")
        #expect(url.host == "db.example.org")
        #expect(url.port == 5433)
        #expect(url.database == "eingang")
        #expect(url.tls == .require)
        #expect(url.description == "postgres://***@db.example.org:5433/eingang")
        #expect(try PostgresURL(parsing: url.unredacted) == url)
    }

    @Test func readsASocketURL() throws {
        let url = try PostgresURL(parsing: "postgres:///eingang?host=/tmp/pg%20dir")
        #expect(url.host == nil)
        #expect(url.socketDirectory == "/tmp/pg dir")
        #expect(url.port == 5432)
        #expect(url.database == "eingang")
        #expect(url.description == "postgres://***@/eingang?host=/tmp/pg dir")
        #expect(try PostgresURL(parsing: url.unredacted) == url)
        let withUser = try PostgresURL(parsing: "postgresql://postgres@/postgres?host=/run/pg&port=5444")
        #expect(withUser.user == "postgres")
        #expect(withUser.socketDirectory == "/run/pg")
        #expect(withUser.port == 5444)
        let bare = try PostgresURL(parsing: "postgres:///eingang")
        #expect(bare.socketDirectory == "/var/run/postgresql")
    }

    @Test(arguments: [
        "mysql://localhost/db", "postgres://host:port/db", "postgres://host/db?colour=red",
        "postgres://host/db?sslmode=sometimes", "postgres://h:99999/db", "postgres://u%zz@h/db",
    ])
    func refusesWhatItCannotRead(_ text: String) {
        #expect(throws: PostgresStoreError.self) { try PostgresURL(parsing: text) }
    }

    @Test func neverShowsThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://admin:hunter2@10.0.0.5/eingang")
        #expect(!url.description.contains("hunter2"))
        #expect(!url.description.contains("admin"))
        #expect(!"\(url)".contains("hunter2"))
    }
}
