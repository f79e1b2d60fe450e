import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `eingang run` as real processes: killed with SIGKILL again and again while it works, stopped with SIGTERM, and
/// the operator commands on what it stored.
@Suite(.serialized) struct DaemonTests {
    /// An inbox, a data directory and a configuration for fast tests.
    struct Installation {
        let directory: TemporaryDirectory
        var inbox: String { directory.path("inbox") }
        var data: String { directory.path("data") }
        var config: String { directory.path("Pipeline.yml") }

        init() throws {
            directory = try TemporaryDirectory(prefix: "eingang-daemon")
            try FileManager.default.createDirectory(atPath: directory.path("inbox"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: directory.path("staging"),
                withIntermediateDirectories: true
            )
            let yaml = """
                inbox: inbox
                data_dir: data
                workers: 2
                stable_after: 0
                rescan_interval: 0.2
                rules: \(try PackagePaths.rulesDirectory())
                web:
                  listen: 127.0.0.1:0

                """
            try directory.write(Array(yaml.utf8), to: "Pipeline.yml")
        }

        func start(_ arguments: [String] = []) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
            process.arguments = ["run", "--config", config] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Runs `eingang` with `arguments`, or the program `arguments[0]` when it is an absolute path.
        func run(_ arguments: [String]) throws -> (status: Int32, output: String, log: String) {
            let process = Process()
            if let program = arguments.first, program.hasPrefix("/") {
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = Array(arguments.dropFirst())
            } else {
                process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
                process.arguments = arguments
            }
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

        /// Writes a file to the staging directory and moves it into the inbox at once, as a careful sender does.
        func drop(_ bytes: [UInt8], as name: String) throws {
            let staged = try directory.write(bytes, to: "staging/" + name)
            try FileManager.default.moveItem(atPath: staged, toPath: inbox + "/" + name)
        }
    }

    static func binary() throws -> String {
        let binary = try PackagePaths.packageRoot() + "/.build/debug/eingang"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestDataError("\(binary) is missing: build with `swift build --build-tests` first")
        }
        return binary
    }

    static func sample(_ name: String) throws -> String {
        try String(contentsOfFile: PackagePaths.samplesDirectory() + "/" + name, encoding: .utf8)
    }

    @Test(.timeLimit(.minutes(5))) func everyFileEndsExactlyOnceThroughRepeatedKills() async throws {
        let installation = try Installation()
        let valid = try Self.sample("ubl-invoice-valid.xml")
        let invalid = try Self.sample("ubl-invoice-missing-buyer-reference.xml")
        var files: [(String, [UInt8])] = []
        for index in 0..<200 {
            let bytes = Array(valid.replacingOccurrences(of: "NL-2026-00417", with: "K-\(index)").utf8)
            files.append(("valid-\(index).xml", bytes))
            if index % 8 == 0 { files.append(("copy-of-valid-\(index).xml", bytes)) }
        }
        for index in 0..<50 {
            files.append(("invalid-\(index).xml", Array((invalid + "<!-- \(index) -->").utf8)))
        }
        for index in 0..<25 {
            files.append(("garbage-\(index).xml", Array("not an invoice \(index)".utf8)))
        }
        files.shuffle()
        var remaining = files[...]
        var kills = 0
        while !remaining.isEmpty || kills < 6 {
            let daemon = try installation.start()
            for (name, bytes) in remaining.prefix(60) { try installation.drop(bytes, as: name) }
            remaining = remaining.dropFirst(60)
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1500)))
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
            kills += 1
        }
        let final = try installation.run(["run", "--config", installation.config, "--once"])
        #expect(final.status == 0)

        let store = try SQLiteStore(path: installation.data + "/eingang.sqlite")
        let receipts = try await store.receipts(after: 0, limit: 100_000)
        #expect(receipts.allSatisfy { $0.state == .settled })
        let names = receipts.map(\.sourceName)
        #expect(names.count == files.count, "every file exactly one receipt")
        #expect(Set(names) == Set(files.map(\.0)))
        let counts = try await store.outcomeCounts()
        #expect(counts.values.reduce(0, +) == files.count)
        #expect(counts[.booked] == 200)
        #expect(counts[.duplicate] == 25)
        #expect(counts[.rejected] == 75)
        let bookings = try await store.bookings(after: 0, limit: 100_000)
        #expect(Set(bookings.map(\.invoiceNumber)).count == 200)
        #expect(Set(bookings.map(\.receiptID)).count == 200)
        #expect(try FileManager.default.contentsOfDirectory(atPath: installation.inbox).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: installation.data + "/work").isEmpty)
    }

    /// A disk that refuses to take more (here: a file size limit, so that writes fail like on a full disk):
    /// the file stays claimed, `--once` exits with 1, and the next run finishes it, booked once.
    @Test(.timeLimit(.minutes(2))) func aFailedWriteLeavesTheFileForTheNextRun() async throws {
        let installation = try Installation()
        let padding = String(repeating: "x", count: 3_000_000)
        let large = try Self.sample("ubl-invoice-valid.xml") + "<!-- \(padding) -->\n"
        try installation.drop(Array(large.utf8), as: "large.xml")
        let binary = try Self.binary()
        let limited = try installation.run([
            "/bin/bash", "-c", "trap '' XFSZ; ulimit -f 2048; exec \"$0\" run --once --config \"$1\"", binary,
            installation.config,
        ])
        #expect(limited.status == 1, "\(limited.log)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: installation.inbox).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: installation.data + "/archive/.incoming").isEmpty)

        let again = try installation.run(["run", "--config", installation.config, "--once"])
        #expect(again.status == 0, "\(again.log)")
        let store = try SQLiteStore(path: installation.data + "/eingang.sqlite")
        let receipts = try await store.receipts(after: 0, limit: 10)
        #expect(receipts.count == 1)
        #expect(receipts.first?.outcome == .booked)
        #expect(try await store.bookings(after: 0, limit: 10).count == 1)
    }

    /// A second eingang on one machine with the same web.listen (several daemons of one PostgreSQL store, say)
    /// stops before it registers or takes a file, and says why.
    @Test(.timeLimit(.minutes(2))) func aDaemonWhoseWebAddressIsTakenStopsAtOnceWithTheReason() throws {
        let installation = try Installation()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let yaml = """
            inbox: inbox
            data_dir: data
            stable_after: 0
            rules: \(try PackagePaths.rulesDirectory())
            web:
              listen: 127.0.0.1:\(port)

            """
        try installation.directory.write(Array(yaml.utf8), to: "Pipeline.yml")
        try installation.drop(Array("not yet".utf8), as: "waiting.xml")
        let run = try installation.run(["run", "--config", installation.config])
        #expect(run.status == 2)
        #expect(
            run.log.contains("cannot listen on 127.0.0.1:\(port) (web.listen): the address is in use"),
            "\(run.log)"
        )
        #expect(FileManager.default.fileExists(atPath: installation.directory.path("inbox/waiting.xml")), "untouched")
    }

    @Test(.timeLimit(.minutes(2))) func stopsGracefullyOnSIGTERM() async throws {
        let installation = try Installation()
        let daemon = try installation.start()
        try installation.drop(Array(try Self.sample("cii-invoice-valid.xml").utf8), as: "one.xml")
        var settled = false
        for _ in 0..<100 where !settled {
            try await Task.sleep(for: .milliseconds(100))
            let listed = try installation.run(["queue", "list", "--json", "--config", installation.config])
            settled = listed.output.contains("\"source_name\":\"one.xml\"")
        }
        #expect(settled)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationReason == .exit)
        #expect(daemon.terminationStatus == 0)
    }

    @Test(.timeLimit(.minutes(2))) func operatorCommandsListShowAndAcknowledge() async throws {
        let installation = try Installation()
        for sample in ["ubl-invoice-valid.xml", "cii-invoice-wrong-total.xml"] {
            try installation.drop(Array(try Self.sample(sample).utf8), as: sample)
        }
        let run = try installation.run(["run", "--config", installation.config, "--once"])
        #expect(run.status == 0)
        #expect(run.output.contains("settled 2: booked 1, rejected 1"))
        // The log names receipts by number: no invoice content, names, IBANs or file names.
        #expect(run.log.contains("settled"))
        for secret in ["Nordlicht", "Musterstadt", "NL-2026-00417", "DE02", "ubl-invoice-valid"] {
            #expect(!run.log.contains(secret), "the log shows \(secret)")
        }

        let queue = try installation.run(["queue", "list", "--json", "--config", installation.config])
        let lines = queue.output.split(separator: "\n")
        #expect(lines.count == 1)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["id", "sha256", "source_name", "received_at", "invoice_number", "seller_name", "payable_amount"] {
            #expect(entry[key] != nil, "queue list --json has \(key)")
        }
        #expect(entry["invoice_number"] as? String == "NL-2026-00417")
        let id = try #require(entry["id"] as? Int)

        let shown = try installation.run(["queue", "show", "\(id)", "--json", "--config", installation.config])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
        #expect(object["terms"] != nil)

        let ack = try installation.run(["queue", "ack", "\(id)", "--json", "--config", installation.config])
        #expect(ack.status == 0)
        #expect(ack.output.contains("\"status\":\"acknowledged\""))
        let again = try installation.run(["queue", "ack", "\(id)", "--config", installation.config])
        #expect(again.status == 0)
        #expect(try installation.run(["queue", "ack", "4711", "--config", installation.config]).status == 1)

        let rejections = try installation.run(["rejections", "list", "--json", "--config", installation.config])
        let rejection = try #require(
            try JSONSerialization.jsonObject(with: Data(rejections.output.split(separator: "\n")[0].utf8))
                as? [String: Any]
        )
        for key in ["id", "sha256", "source_name", "received_at", "reason", "rule_ids"] {
            #expect(rejection[key] != nil, "rejections list --json has \(key)")
        }
        let rejectionID = try #require(rejection["id"] as? Int)
        let detail = try installation.run(["rejections", "show", "\(rejectionID)", "--config", installation.config])
        #expect(detail.output.contains("BR-CO-15"))
    }

    @Test func aSecondDaemonOnTheSameDataDirectoryStopsWithStatusTwo() async throws {
        let installation = try Installation()
        let first = try installation.start()
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        try await Task.sleep(for: .seconds(2))
        let second = try installation.run(["run", "--config", installation.config, "--once"])
        #expect(second.status == 2)
    }
}
