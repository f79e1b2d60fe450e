import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `eingang reprocess` as real processes: a batch taken by `eingang run --once` under an altered rule bundle, then
/// reprocessed with the official one; interrupted with SIGINT and resumed; the progress line on a terminal.
@Suite(.serialized) struct ReprocessCommandTests {
    typealias Installation = DaemonTests.Installation

    /// Valid UBL and CII invoices with a buyer reference (rejected by the altered rules), the invoice without a
    /// buyer reference (booked by them), the wrong total, and a file that is no XML.
    static func dropBatch(_ installation: Installation, copies: Int) throws {
        let ubl = try DaemonTests.sample("ubl-invoice-valid.xml")
        let cii = try DaemonTests.sample("cii-invoice-valid.xml")
        for index in 0..<copies {
            try installation.drop(
                Array(ubl.replacingOccurrences(of: "NL-2026-00417", with: "U-\(index)").utf8),
                as: "ubl-\(index).xml"
            )
            try installation.drop(
                Array(cii.replacingOccurrences(of: "NL-2026-00419", with: "C-\(index)").utf8),
                as: "cii-\(index).xml"
            )
        }
        try installation.drop(
            Array(try DaemonTests.sample("ubl-invoice-missing-buyer-reference.xml").utf8),
            as: "missing.xml"
        )
        try installation.drop(Array(try DaemonTests.sample("cii-invoice-wrong-total.xml").utf8), as: "wrong-total.xml")
        try installation.drop(Array("no invoice".utf8), as: "garbage.xml")
    }

    /// An installation whose store holds the batch as the altered rules decided it (`eingang run --once --rules
    /// ALTERED --accept-unpinned-rules`).
    static func decidedUnderAlteredRules(copies: Int) throws -> Installation {
        let installation = try Installation()
        let altered = try AlteredRules.make(in: installation.directory)
        try dropBatch(installation, copies: copies)
        let run = try installation.run([
            "run", "--config", installation.config, "--once", "--rules", altered, "--accept-unpinned-rules",
        ])
        #expect(run.status == 0, "\(run.log)")
        #expect(run.output.contains("settled \(2 * copies + 3): booked 1, rejected \(2 * copies + 2)"))
        return installation
    }

    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// The booking queue and the rejections as the operator commands list them.
    static func listings(_ installation: Installation, dataDirectory: String? = nil) throws -> String {
        let data = dataDirectory.map { ["--data-dir", $0] } ?? []
        let queue = try installation.run(["queue", "list", "--json", "--config", installation.config] + data)
        let rejections = try installation.run(["rejections", "list", "--json", "--config", installation.config] + data)
        // When reprocessing booked an invoice differs between two installations; everything else is compared.
        return try objects(queue.output + rejections.output).map { object in
            object.filter { $0.key != "booked_at" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Reads a file descriptor to its end on a thread of its own (a blocking read must not hold a thread of the
    /// concurrency pool); `wait` returns the bytes.
    /// With `interrupting`, the same thread sends `SIGINT` to that process as soon as `lines` whole lines have
    /// arrived: a task of the pool could wake too late on a busy machine, when the run has ended already.
    final class Reader: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        private let finished = DispatchSemaphore(value: 0)

        init(_ descriptor: Int32, interrupting process: pid_t? = nil, after lines: Int = 0) {
            let thread = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65536)
                var seen = 0
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { break }
                    bytes.withLock { $0 += buffer[0..<count] }
                    if let process, seen < lines {
                        seen += buffer[0..<count].count(where: { $0 == UInt8(ascii: "\n") })
                        if seen >= lines { kill(process, SIGINT) }
                    }
                }
                finished.signal()
            }
            thread.start()
        }

        func wait() throws -> String {
            guard finished.wait(timeout: .now() + 120) == .success else {
                throw TestDataError("the output never ended")
            }
            return String(decoding: bytes.withLock { $0 }, as: UTF8.self)
        }
    }

    @Test(.timeLimit(.minutes(5))) func reportsExactlyTheChangedInvoicesAndBooksThemOnce() async throws {
        let installation = try Self.decidedUnderAlteredRules(copies: 3)
        let config = ["--config", installation.config]

        let beforeDryRun = try Self.listings(installation)
        let dry = try installation.run(["reprocess", "--dry-run", "--json"] + config)
        #expect(dry.status == 0, "\(dry.log)")
        #expect(try Self.listings(installation) == beforeDryRun)

        let text = try installation.run(["reprocess"] + config)
        #expect(text.status == 0, "\(text.log)")
        // One line per changed invoice, then the summary.
        let changed = text.output.split(separator: "\n").filter { $0.first?.isNumber == true }
        let names = Set(changed.map { String($0.split(separator: "\t")[4]) })
        #expect(
            names == [
                "\"ubl-0.xml\"", "\"ubl-1.xml\"", "\"ubl-2.xml\"", "\"cii-0.xml\"", "\"cii-1.xml\"", "\"cii-2.xml\"",
                "\"missing.xml\"", "\"wrong-total.xml\"",
            ]
        )
        #expect(text.output.contains("reprocessed 9 of 9 invoice(s)"))
        #expect(text.output.contains("1 unchanged, 6 newly accepted, 1 newly rejected, 1 with other findings"))
        #expect(text.output.contains("booked 6, held as suspected duplicates 0, flagged for a clerk 1"))
        #expect(text.output.contains("BR-DE-15: newly failing 1, newly passing 7"))
        #expect(!text.log.contains("reprocess 9/9"), "no progress line in a pipe")

        // The dry run saw the same changes and changed nothing.
        let dryObjects = try Self.objects(dry.output)
        #expect(dryObjects.count == 10)
        let drySummary = try #require(dryObjects.last)
        #expect(drySummary["type"] as? String == "summary")
        #expect(drySummary["dry_run"] as? Bool == true)
        #expect(drySummary["newly_accepted"] as? Int == 6)
        #expect(drySummary["booked"] as? Int == 0)
        #expect(beforeDryRun.contains("status=open"))
        #expect(!beforeDryRun.contains("status=resolved"))

        let queue = try Self.objects(try installation.run(["queue", "list", "--json"] + config).output)
        #expect(queue.count == 7)
        #expect(Set(queue.compactMap { $0["invoice_number"] as? String }).count == 7)
        let flagged = queue.filter { $0["flag"] != nil }
        #expect(flagged.map { $0["source_name"] as? String } == ["missing.xml"])
        let rejections = try Self.objects(try installation.run(["rejections", "list", "--json"] + config).output)
        #expect(rejections.filter { $0["status"] as? String == "resolved" }.count == 6)

        // Again: the newly accepted are booked already; nothing changes.
        let listed = try Self.listings(installation)
        let again = try installation.run(["reprocess", "--json"] + config)
        #expect(again.status == 0)
        let summary = try #require(try Self.objects(again.output).last)
        #expect(summary["newly_accepted"] as? Int == 0)
        #expect(summary["booked"] as? Int == 0)
        #expect(summary["flagged"] as? Int == 0)
        #expect(summary["already_flagged"] as? Int == 1)
        #expect(summary["unchanged"] as? Int == 7)
        #expect(try Self.listings(installation) == listed)
        let store = try SQLiteStore(path: installation.data + "/eingang.sqlite")
        #expect(try await store.auditEntries(after: 0, limit: 100).count == 7)
    }

    @Test(.timeLimit(.minutes(5))) func sigintStopsCleanlyAndTheSameCommandResumes() async throws {
        let installation = try Self.decidedUnderAlteredRules(copies: 60)
        let copy = installation.directory.path("data-copy")
        try FileManager.default.copyItem(atPath: installation.data, toPath: copy)
        let command = ["reprocess", "--json", "--jobs", "1", "--config", installation.config]

        let whole = try installation.run(command + ["--data-dir", copy])
        #expect(whole.status == 0, "\(whole.log)")

        // Started, then interrupted once a few invoices are printed (and so recorded).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
        process.arguments = command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reading = Reader(
            output.fileHandleForReading.fileDescriptor,
            interrupting: process.processIdentifier,
            after: 5
        )
        process.waitUntilExit()
        let store = try SQLiteStore(path: installation.data + "/eingang.sqlite")
        let interrupted = try reading.wait()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        let partial = try #require(try Self.objects(interrupted).last)
        #expect(partial["complete"] as? Bool == false)
        let processed = try #require(partial["processed"] as? Int)
        #expect(processed >= 5 && processed < 123)
        let items = try await store.reprocessItems(run: 1)
        #expect(items.filter(\.isDone).count == processed, "every printed invoice is recorded, no other")

        let resumed = try installation.run(command)
        #expect(resumed.status == 0, "\(resumed.log)")
        #expect(resumed.output == whole.output, "a resumed run reports as an uninterrupted one")
        let summary = try #require(try Self.objects(resumed.output).last)
        #expect(summary["complete"] as? Bool == true)
        #expect(summary["processed"] as? Int == 123)
        #expect(summary["newly_accepted"] as? Int == 120)
        #expect(summary["booked"] as? Int == 120)
        #expect(try Self.listings(installation) == Self.listings(installation, dataDirectory: copy))
        #expect(try await store.bookings(after: 0, limit: 1000).count == 121)
        #expect(try await store.auditEntries(after: 0, limit: 1000).count == 121)
    }

    @Test func rejectsBadArgumentsWithStatusTwo() throws {
        let installation = try Installation()
        for arguments in [["--since", "16.03.2026"], ["--status", "booked"], ["--jobs", "0"]] {
            let run = try installation.run(["reprocess", "--config", installation.config] + arguments)
            #expect(run.status == 2, "\(arguments)")
        }
    }

    /// Runs the CLI with standard error on a pseudo-terminal; returns what the terminal received.
    static func onTerminal(_ arguments: [String]) throws -> (status: Int32, terminal: String) {
        let master = Terminal.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, Terminal.grant(master) == 0, Terminal.unlock(master) == 0, let name = Terminal.name(master)
        else {
            throw TestDataError("no pseudo-terminal")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw TestDataError("cannot open the pseudo-terminal") }
        defer { close(master) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DaemonTests.binary())
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        // Reads until the last holder of the terminal's other side is gone (EIO).
        let reader = Reader(master)
        try process.run()
        close(slave)
        process.waitUntilExit()
        return (process.terminationStatus, try reader.wait())
    }

    @Test(.timeLimit(.minutes(5))) func showsProgressOnATerminalOnlyAndNeverWithJSON() throws {
        let installation = try Self.decidedUnderAlteredRules(copies: 2)
        let shown = try Self.onTerminal(["reprocess", "--dry-run", "--config", installation.config])
        #expect(shown.status == 0)
        #expect(shown.terminal.contains("reprocess 7/7 100%"), "\(shown.terminal.debugDescription)")
        let json = try Self.onTerminal(["reprocess", "--dry-run", "--json", "--config", installation.config])
        #expect(json.status == 0)
        #expect(!json.terminal.contains("reprocess "), "\(json.terminal.debugDescription)")

        let directory = try TemporaryDirectory(prefix: "eingang-progress")
        let valid = try DaemonTests.sample("ubl-invoice-valid.xml")
        for index in 0..<60 { try directory.write(valid, to: "many/\(index).xml") }
        let validated = try Self.onTerminal(["validate", directory.path("many")])
        #expect(validated.status == 0)
        #expect(validated.terminal.contains("validate 60/60 100%"), "\(validated.terminal.debugDescription)")
        #expect(validated.terminal.contains("/s"))
        let few = try Self.onTerminal(["validate", PackagePaths.samplesDirectory() + "/ubl-invoice-valid.xml"])
        #expect(!few.terminal.contains("validate "), "no display for a handful of documents")
    }
}

/// The C library's pseudo-terminal calls, which the Glibc module does not import (they need `_XOPEN_SOURCE`).
enum Terminal {
    static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            preconditionFailure("the C library has no \(name)")
        }
        return unsafeBitCast(address, to: type)
    }

    static let openMaster = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}
