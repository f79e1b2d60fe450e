import Foundation

/// Several daemons on one PostgreSQL store (issue "Several machines, one queue"): the throughput of 1, 2 and 3
/// `eingang run` processes of one worker each, sharing one inbox, one data directory and one database (targets:
/// two at least 1.7 times one; three not slower than two).
///
/// Needs the release CLI and a PostgreSQL server named by `EINGANG_BENCH_DATABASE_URL` (else
/// `EINGANG_TEST_DATABASE_URL`; `scripts/with-postgres` starts a durable one), and `psql` for creating the
/// databases. Each round: a new database, the daemons started and registered (rules compiled), then the business
/// cases replicated to `count` distinct files are renamed into the inbox at once; the time runs until the last is
/// settled (polled in the database every 100 ms, through one psql session). Process start and rule compilation are
/// not included. The rounds of 1, 2 and 3 daemons alternate (the machine is shared), and min and median are given per
/// configuration, with the processor time of the daemons and of the PostgreSQL server per file and the machine's busy
/// share, which tell what limits the throughput.
func benchmarkSharedStore(corpus: String, rules: String, eingang: String, quick: Bool) throws {
    guard
        let server = ProcessInfo.processInfo.environment["EINGANG_BENCH_DATABASE_URL"]
            ?? ProcessInfo.processInfo.environment["EINGANG_TEST_DATABASE_URL"]
    else {
        print("(shared store: set EINGANG_BENCH_DATABASE_URL, e.g. scripts/with-postgres, for the PostgreSQL figures)")
        return
    }
    guard FileManager.default.isExecutableFile(atPath: eingang) else {
        print("(shared store: build the CLI with `swift build -c release` first)")
        return
    }
    let count = quick ? 300 : 1000
    let rounds = quick ? 1 : 3
    let documents = files(in: corpus).map { (name: $0, bytes: bytes($0)) }
    var results: [Int: [Round]] = [:]
    for round in 0..<rounds {
        for daemons in [1, 2, 3] {
            let result = try SharedStoreRound(
                server: server,
                eingang: eingang,
                rules: rules,
                daemons: daemons,
                count: count,
                documents: documents,
                name: "eingang_bench_\(getpid())_\(round)_\(daemons)"
            ).run()
            results[daemons, default: []].append(result)
            print(
                String(
                    format: "  round %d, %d daemon(s): %.1f s, %.1f files/s; per file: daemons %.1f ms, "
                        + "PostgreSQL %.1f ms processor time; machine busy %.0f %%",
                    round + 1,
                    daemons,
                    result.seconds,
                    Double(count) / result.seconds,
                    result.daemonCPU / Double(count) * 1000,
                    result.serverCPU / Double(count) * 1000,
                    result.busy * 100
                )
            )
        }
    }
    var medians: [Int: Double] = [:]
    for daemons in [1, 2, 3] {
        let runs = results[daemons] ?? []
        let measurement = Measurement(
            name: "shared store: \(daemons) daemon(s) x 1 worker",
            seconds: runs.map(\.seconds),
            documents: count
        )
        report(measurement)
        medians[daemons] = measurement.median
    }
    if let one = medians[1], let two = medians[2], let three = medians[3] {
        print(
            String(
                format: "shared store: throughput of 2 daemons / 1 daemon %.2fx (target >= 1.7), "
                    + "3 daemons / 2 daemons %.2fx (target >= 1.0)",
                one / two,
                two / three
            )
        )
    }
}

/// What one round measured.
struct Round {
    var seconds: Double
    /// Processor seconds of the daemons and of the PostgreSQL server's processes while the files were processed.
    var daemonCPU: Double
    var serverCPU: Double
    /// The share of the machine's processor time that was busy (all processes, other users included).
    var busy: Double
}

/// One round: a fresh database and directory, `daemons` daemons, `count` files.
struct SharedStoreRound {
    var server: String
    var eingang: String
    var rules: String
    var daemons: Int
    var count: Int
    var documents: [(name: String, bytes: [UInt8])]
    var name: String

    func run() throws -> Round {
        let url = Self.database(server, name)
        try Self.psql(server, "CREATE DATABASE \(name)")
        defer { _ = try? Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let directory = NSTemporaryDirectory() + name
        for sub in ["inbox", "staging"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = """
            inbox: inbox
            data_dir: data
            workers: 1
            stable_after: 0
            rescan_interval: 0.2
            heartbeat_interval: 1
            rules: \(rules)
            web:
              listen: 127.0.0.1:0

            """
        try configuration.write(toFile: directory + "/Pipeline.yml", atomically: true, encoding: .utf8)
        var names: [String] = []
        for index in 0..<count {
            let document = documents[index % documents.count]
            let file = "\(index)-" + URL(fileURLWithPath: document.name).lastPathComponent
            let bytes = document.bytes + Array("\n<!-- copy \(index) -->\n".utf8)
            FileManager.default.createFile(atPath: directory + "/staging/" + file, contents: Data(bytes))
            names.append(file)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["EINGANG_DATABASE_URL"] = url
        var processes: [Process] = []
        defer {
            for process in processes where process.isRunning { process.terminate() }
            for process in processes { process.waitUntilExit() }
        }
        for _ in 0..<daemons {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: eingang)
            process.arguments = ["run", "--config", directory + "/Pipeline.yml"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        while try Self.value(url, "SELECT count(*) FROM daemon") < daemons { Thread.sleep(forTimeInterval: 0.1) }
        let cpuBefore = processes.map { Self.cpuSeconds(of: $0.processIdentifier) }.reduce(0, +)
        let serverBefore = Self.serverCPUSeconds()
        let machineBefore = Self.machineTicks()
        let start = DispatchTime.now().uptimeNanoseconds
        for file in names {
            try FileManager.default.moveItem(
                atPath: directory + "/staging/" + file,
                toPath: directory + "/inbox/" + file
            )
        }
        // One psql session answers every poll: a psql process and a server backend started per poll cost about
        // 6 % of the machine, which the daemons then lack. Polled 10 times a second.
        let session = try PSQLSession(url)
        defer { session.close() }
        while try session.value("SELECT count(*) FROM receipt WHERE state = 'settled'") < count {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpuAfter = processes.map { Self.cpuSeconds(of: $0.processIdentifier) }.reduce(0, +)
        let machineAfter = Self.machineTicks()
        let busy =
            Double(machineAfter.busy - machineBefore.busy)
            / Double(max(1, machineAfter.total - machineBefore.total))
        return Round(
            seconds: seconds,
            daemonCPU: cpuAfter - cpuBefore,
            serverCPU: Self.serverCPUSeconds() - serverBefore,
            busy: busy
        )
    }

    /// The server's URL with another database (the path of a `postgres://` URL).
    static func database(_ server: String, _ name: String) -> String {
        let scheme = server.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
        let rest = server.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return scheme + authority + "/" + name + query
    }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-Atqc", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An integer query's value; -1 while it cannot be read (the daemons have not migrated yet).
    static func value(_ url: String, _ sql: String) throws -> Int {
        Int(try psql(url, sql)) ?? -1
    }

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// utime + stime of a process, in seconds.
    static func cpuSeconds(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / ticksPerSecond
    }

    /// The processor time of every process named `postgres` (the server's backends, its writer, its WAL writer).
    static func serverCPUSeconds() -> Double {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var total = 0.0
        for entry in entries {
            guard let pid = Int32(entry),
                let command = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                command.hasPrefix("postgres")
            else { continue }
            total += cpuSeconds(of: pid)
        }
        return total
    }

    /// Busy and total processor ticks of the machine (/proc/stat).
    static func machineTicks() -> (busy: Int, total: Int) {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first
        else { return (0, 0) }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        let total = values.reduce(0, +)
        let idle = values.count > 4 ? values[3] + values[4] : 0
        return (total - idle, total)
    }
}

/// One `psql` process kept open: each query is a line on its standard input, each answer a line on its output.
final class PSQLSession {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffered: [UInt8] = []

    init(_ url: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-Atq", "-v", "ON_ERROR_STOP=0"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// An integer query's value (one row, one column).
    func value(_ sql: String) throws -> Int {
        input.fileHandleForWriting.write(Data((sql + ";\n").utf8))
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return Int(line.trimmingCharacters(in: .whitespaces)) ?? -1
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchmarkError("psql ended") }
            buffered += chunk
        }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
