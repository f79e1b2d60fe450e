import EInvoiceStore
import EInvoiceStorePostgres
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `eingang run` as real processes on one PostgreSQL database, one inbox and one data directory (as on a shared file
/// system); `eingang migrate` and `eingang store copy`. Nested in `DaemonTests`, whose serialization covers it: its
/// three daemons would otherwise load the machine while the kill tests there run.
extension DaemonTests {
    @Suite(.enabled(if: TestDatabase.isEnabled)) struct SharedDaemonTests {
        /// An inbox, a data directory and a configuration for fast tests; the database comes from the environment.
        struct Installation {
            let directory: TemporaryDirectory
            let url: PostgresURL
            var inbox: String { directory.path("inbox") }
            var data: String { directory.path("data") }
            var config: String { directory.path("Pipeline.yml") }

            init(url: PostgresURL, heartbeatTimeout: Double = 3) throws {
                self.url = url
                directory = try TemporaryDirectory(prefix: "eingang-shared")
                for name in ["inbox", "staging"] {
                    try FileManager.default.createDirectory(
                        atPath: directory.path(name),
                        withIntermediateDirectories: true
                    )
                }
                let yaml = """
                    inbox: inbox
                    data_dir: data
                    workers: 1
                    stable_after: 0
                    rescan_interval: 0.2
                    heartbeat_interval: 0.3
                    heartbeat_timeout: \(heartbeatTimeout)
                    reports: [json]
                    rules: \(try PackagePaths.rulesDirectory())
                    web:
                      listen: 127.0.0.1:0

                    """
                try directory.write(Array(yaml.utf8), to: "Pipeline.yml")
            }

            var environment: [String: String] {
                var environment = ProcessInfo.processInfo.environment
                environment["EINGANG_DATABASE_URL"] = url.unredacted
                return environment
            }

            func start() throws -> Process {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
                process.arguments = ["run", "--config", config]
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }

            func run(
                _ arguments: [String],
                environment: [String: String]? = nil
            ) throws -> (
                status: Int32, output: String, log: String
            ) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
                process.arguments = arguments
                process.environment = environment ?? self.environment
                let output = Pipe()
                let log = directory.path("stderr-\(UUID().uuidString)")
                _ = FileManager.default.createFile(atPath: log, contents: nil)
                process.standardOutput = output
                process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                try process.run()
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                return (process.terminationStatus, String(decoding: data, as: UTF8.self), logged)
            }

            /// Writes files to the staging directory, then moves them all into the inbox, as careful senders do.
            func drop(_ files: [(String, [UInt8])]) throws {
                for (name, bytes) in files { try directory.write(bytes, to: "staging/" + name) }
                for (name, _) in files {
                    try FileManager.default.moveItem(
                        atPath: directory.path("staging/" + name),
                        toPath: inbox + "/" + name
                    )
                }
            }

            /// Polls until the query's value reaches `target` (the test's time limit ends a wait that never does).
            func wait(until sql: String, reaches target: Int) async throws {
                while try await count(sql) < target { try await Task.sleep(for: .milliseconds(100)) }
            }

            /// The value of a query of one integer; -1 while it cannot be read (the daemons have not migrated yet).
            func count(_ sql: String) async throws -> Int {
                let value = try? await TestDatabase.execute(url, "SELECT (\(sql))::text")
                return Int(value?.first.flatMap { $0 } ?? "") ?? -1
            }
        }

        /// The test: three daemons share 1,000 files; one is killed with SIGKILL halfway; the other two take over
        /// its claims once it stops heart-beating, and every file ends exactly once as a booking, a rejection or a
        /// duplicate.
        @Test(.timeLimit(.minutes(5))) func threeDaemonsShareAThousandFilesThroughAKill() async throws {
            try await TestDatabase.withDatabase { url in
                let installation = try Installation(url: url)
                let valid = try DaemonTests.sample("ubl-invoice-valid.xml")
                var files: [(String, [UInt8])] = []
                for index in 0..<850 {
                    let bytes = Array(valid.replacingOccurrences(of: "NL-2026-00417", with: "T-\(index)").utf8)
                    files.append(("valid-\(index).xml", bytes))
                    if index % 17 == 0 { files.append(("copy-of-valid-\(index).xml", bytes)) }
                }
                while files.count < 1000 {
                    files.append(("garbage-\(files.count).xml", Array("not an invoice \(files.count)".utf8)))
                }
                let copies = files.filter { $0.0.hasPrefix("copy-") }.count
                files.shuffle()

                var daemons = try (0..<3).map { _ in try installation.start() }
                defer {
                    for daemon in daemons where daemon.isRunning {
                        kill(daemon.processIdentifier, SIGKILL)
                        daemon.waitUntilExit()
                    }
                }
                // All three registered (and migrated once between them) before the files arrive.
                try await installation.wait(until: "SELECT count(*) FROM daemon", reaches: 3)
                try installation.drop(files)
                let settled = "SELECT count(*) FROM receipt WHERE state = 'settled'"
                try await installation.wait(until: settled, reaches: files.count / 2)
                // The victim: the daemon holding the most unsettled receipts right now.
                let busiest = try await installation.count(
                    """
                    SELECT d.pid FROM receipt r JOIN daemon d ON d.id = r.owner WHERE r.state <> 'settled'
                    GROUP BY d.pid ORDER BY count(*) DESC LIMIT 1
                    """
                )
                let victim = daemons.first { $0.processIdentifier == busiest } ?? daemons[0]
                daemons.removeAll { $0 === victim }
                kill(victim.processIdentifier, SIGKILL)
                victim.waitUntilExit()
                // What it held when it died (claimed, in the work area, being validated) is left for the others.
                let orphaned = try await installation.count(
                    """
                    SELECT count(*) FROM receipt r JOIN daemon d ON d.id = r.owner
                    WHERE d.pid = \(victim.processIdentifier) AND r.state <> 'settled'
                    """
                )
                #expect(orphaned > 0, "the killed daemon held receipts")
                try await installation.wait(until: settled, reaches: files.count)
                for daemon in daemons { kill(daemon.processIdentifier, SIGTERM) }
                for daemon in daemons {
                    daemon.waitUntilExit()
                    #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
                }

                let store = try await PostgresStore.open(url)
                try await store.withRunning { store in
                    let receipts = try await store.receipts(after: 0, limit: 100_000)
                    #expect(receipts.count == files.count, "every file exactly one receipt")
                    #expect(Set(receipts.map(\.sourceName)) == Set(files.map(\.0)))
                    #expect(receipts.allSatisfy { $0.state == .settled })
                    let counts = try await store.outcomeCounts()
                    #expect(counts[.booked] == 850)
                    #expect(counts[.duplicate] == copies)
                    #expect(counts[.rejected] == files.count - 850 - copies)
                    #expect(counts.values.reduce(0, +) == files.count)
                    let bookings = try await store.bookings(after: 0, limit: 100_000)
                    #expect(Set(bookings.map(\.invoiceNumber)).count == 850)
                    #expect(Set(bookings.map(\.receiptID)).count == 850)
                    let rejections = try await store.rejections(after: 0, limit: 100_000)
                    #expect(rejections.allSatisfy { $0.reasonClass == "not_wellformed" }, "none vanished")
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: installation.inbox).isEmpty)
                #expect(try FileManager.default.contentsOfDirectory(atPath: installation.data + "/work").isEmpty)
            }
        }

        @Test(.timeLimit(.minutes(3))) func migrateAppliesTheSchemaOnceAndNeverShowsThePassword() async throws {
            try await TestDatabase.withDatabase { url in
                let installation = try Installation(url: url)
                let first = try installation.run(["migrate", "--database-url", url.unredacted])
                #expect(first.status == 0, "\(first.log)")
                #expect(first.output.contains("applied now: 1 "))
                let second = try installation.run(["migrate"])
                #expect(second.status == 0)
                #expect(second.output.contains("nothing to migrate"))
                #expect(second.output.contains(url.description))

                var wrong = url.withDatabase("eingang_missing_database")
                wrong.password = "Geheim-1234"
                for arguments in [["queue", "list", "--database-url", wrong.unredacted], ["migrate"]] {
                    var environment = installation.environment
                    environment["EINGANG_DATABASE_URL"] = wrong.unredacted
                    let failed = try installation.run(arguments, environment: environment)
                    #expect(failed.status == 2)
                    #expect(failed.log.contains("eingang_missing_database"))
                    #expect(!failed.log.contains("Geheim-1234"))
                    #expect(!failed.output.contains("Geheim-1234"))
                }
            }
        }

        @Test(.timeLimit(.minutes(3))) func storeCopyMovesASQLiteInstallationToPostgreSQL() async throws {
            try await TestDatabase.withDatabase { url in
                let installation = try Installation(url: url)
                // A SQLite installation: three invoices, one booked, one rejected, one held as a suspected duplicate.
                let sqlite = ["--database-url", "sqlite:" + installation.data + "/eingang.sqlite"]
                let valid = try DaemonTests.sample("ubl-invoice-valid.xml")
                try installation.drop([
                    ("a.xml", Array(valid.utf8)), ("b.xml", Array((valid + "<!-- again -->").utf8)),
                    ("c.xml", Array(try DaemonTests.sample("cii-invoice-wrong-total.xml").utf8)),
                ])
                let run = try installation.run(["run", "--config", installation.config, "--once"] + sqlite)
                #expect(run.status == 0, "\(run.log)")
                let before = try installation.run(
                    ["queue", "list", "--json", "--config", installation.config] + sqlite
                )

                let copy = try installation.run([
                    "store", "copy", "--from", "sqlite:" + installation.data + "/eingang.sqlite", "--to",
                    url.unredacted,
                ])
                #expect(copy.status == 0, "\(copy.log)")
                #expect(copy.output.contains("receipts 3 (3 new), bookings 1 (1 new), rejections 1 (1 new)"))
                #expect(copy.output.contains("held_duplicates 1 (1 new)"))
                #expect(!copy.output.contains(url.unredacted))
                let again = try installation.run([
                    "store", "copy", "--from", "sqlite:" + installation.data + "/eingang.sqlite",
                ])
                #expect(again.status == 0)
                #expect(again.output.contains("receipts 3 (0 new)"))

                let after = try installation.run(["queue", "list", "--json", "--config", installation.config])
                #expect(after.output == before.output, "the same queue, ids and all")
                let rejections = try installation.run(["rejections", "list", "--json", "--config", installation.config])
                #expect(rejections.output.contains("\"reason_class\":\"rules\""))

                // Reprocessing works on the copy (under the same rules nothing changes).
                let reprocess = try installation.run(["reprocess", "--config", installation.config])
                #expect(reprocess.status == 0, "\(reprocess.log)")
                #expect(reprocess.output.contains("reprocessed 3 of 3 invoice(s)"))

                // The PostgreSQL installation goes on from there: the next receipt and booking follow the copied ones.
                try installation.drop([
                    ("d.xml", Array(valid.replacingOccurrences(of: "NL-2026-00417", with: "D-1").utf8))
                ])
                #expect(try installation.run(["run", "--config", installation.config, "--once"]).status == 0)
                #expect(try await installation.count("SELECT max(id) FROM receipt") == 4)
                #expect(try await installation.count("SELECT max(id) FROM booking") == 2)
                // Now that a daemon used it, another copy into it is refused.
                let refused = try installation.run([
                    "store", "copy", "--from", "sqlite:" + installation.data + "/eingang.sqlite",
                ])
                #expect(refused.status == 2)
                #expect(refused.log.contains("has been used"))
            }
        }
    }
}
