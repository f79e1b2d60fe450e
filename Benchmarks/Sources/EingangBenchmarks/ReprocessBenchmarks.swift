import EInvoiceBusinessTerms
import EInvoicePipeline
import EInvoiceReports
import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceValidation
import Foundation

/// Reprocessing (issue "Batch reprocessing"): 10,000 stored invoices decided again with 2 jobs, against the
/// validation core's throughput with 2 jobs (target: at least 80 %).
///
/// The stored set is built directly through the store API: the business cases replicated (a comment makes each
/// copy's bytes unique), each original written into the archive under its SHA-256, each receipt settled as a
/// rejection for BR-DE-15 by an older bundle. Reprocessing with the official rules then accepts every one: the
/// first copy of each case is booked, the others are held as suspected duplicates (the same store work), each with
/// its audit entry, its rejection resolved and its checkpoint, in receipt order. A second run over the same store
/// finds every invoice unchanged. Both are timed through the engine (in process, rules compiled) and through
/// `eingang reprocess` (process start and rule compilation included), five repetitions (two gave medians that moved
/// by 15 points from run to run). The machine is shared, so each repetition
/// also times the validation core on the same 10,000 copies with 2 jobs right before, and the ratio of medians is
/// given against that as well as against the business cases' 2-job figure measured earlier. Processor time
/// (user + system, all threads of this process) per document is given beside the wall clock for the in-process
/// runs: it does not depend on what else the machine runs, and shows what reprocessing adds to validation.
func benchmarkReprocessing(
    documents: [(name: String, bytes: [UInt8])],
    validator: Validator,
    rules: String,
    schemas: String,
    eingang: String,
    twoJobs: Measurement,
    quick: Bool
) async throws {
    let count = quick ? 2000 : 10_000
    let repetitions = quick ? 1 : 5
    let workspace = NSTemporaryDirectory() + "eingang-reprocess-\(getpid())"
    try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: workspace) }

    let setUp = DispatchTime.now().uptimeNanoseconds
    let template = workspace + "/template"
    try await storeRejected(count: count, documents: documents, validator: validator, dataDirectory: template)
    print(
        String(
            format: "reprocess: stored %d rejected invoices through the store API in %.1f s",
            count,
            Double(DispatchTime.now().uptimeNanoseconds - setUp) / 1e9
        )
    )
    let (official, bundle) = try Validator.makeStandard(rulesDirectory: rules, schemasDirectory: schemas)
    let validationRate = Double(documents.count) / twoJobs.median
    var coreRuns: [Double] = []
    var coreCPU: [Double] = []
    func rate(_ measurement: Measurement) -> String {
        String(
            format: "reprocess / validation core with 2 jobs (medians): %.0f %% of the same copies, %.0f %% of the "
                + "business cases' figure",
            100 * Measurement(name: "", seconds: coreRuns, documents: count).median / measurement.median,
            100 * (Double(count) / measurement.median) / validationRate
        )
    }

    var changedRuns: [Double] = []
    var unchangedRuns: [Double] = []
    var changedCPU: [Double] = []
    var unchangedCPU: [Double] = []
    func processorTime(_ name: String, _ seconds: [Double]) -> String {
        let median = Measurement(name: "", seconds: seconds, documents: count).median
        let core = Measurement(name: "", seconds: coreCPU, documents: count).median
        return String(
            format: "  processor time, %@: %.3f ms per document (validation core %.3f ms: %.0f %%)",
            name,
            median * 1000 / Double(count),
            core * 1000 / Double(count),
            100 * core / median
        )
    }
    var cliRuns: [Double] = []
    for repetition in 0..<repetitions {
        // The validation core alone on the same copies, 2 jobs sharing one validator.
        var cpu = processorSeconds()
        var start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for index in stride(from: worker, to: count, by: 2) {
                let document = documents[index % documents.count]
                let bytes = document.bytes + Array("\n<!-- copy \(index) -->\n".utf8)
                _ = validator.validate(bytes, file: document.name)
            }
        }
        coreRuns.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        coreCPU.append(processorSeconds() - cpu)

        let data = workspace + "/data-\(repetition)"
        try FileManager.default.copyItem(atPath: template, toPath: data)
        var configuration = PipelineConfiguration()
        configuration.dataDirectory = data
        let reprocessor = Reprocessor(
            configuration: configuration,
            validator: official,
            bundleHash: bundle.bundleHash,
            store: try SQLiteStore(path: data + "/eingang.sqlite"),
            extractTerms: BookingTerms.extract
        )
        cpu = processorSeconds()
        start = DispatchTime.now().uptimeNanoseconds
        let changed = try await reprocessor.run(ReprocessOptions(jobs: 2))
        changedRuns.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        changedCPU.append(processorSeconds() - cpu)
        precondition(changed.complete && changed.changes[.newlyAccepted] == count, "not every invoice accepted")
        cpu = processorSeconds()
        start = DispatchTime.now().uptimeNanoseconds
        let unchanged = try await reprocessor.run(ReprocessOptions(jobs: 2))
        unchangedRuns.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        unchangedCPU.append(processorSeconds() - cpu)
        precondition(unchanged.complete && unchanged.changes[.unchanged] == count, "changed again")

        if FileManager.default.isExecutableFile(atPath: eingang) {
            let cliData = workspace + "/cli-\(repetition)"
            try FileManager.default.copyItem(atPath: template, toPath: cliData)
            let config = workspace + "/Pipeline-\(repetition).yml"
            try "data_dir: \(cliData)\nrules: \(rules)\n".write(toFile: config, atomically: true, encoding: .utf8)
            start = DispatchTime.now().uptimeNanoseconds
            let status = try runProcess(["reprocess", "--jobs", "2", "--json", "--config", config])
            cliRuns.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(status == 0, "eingang reprocess exited with \(status)")
            try? FileManager.default.removeItem(atPath: cliData)
        }
        try? FileManager.default.removeItem(atPath: data)
    }
    report(Measurement(name: "validation core: the same \(count) copies, 2 jobs", seconds: coreRuns, documents: count))
    let changed = Measurement(
        name: "reprocess: \(count), all newly accepted, 2 jobs",
        seconds: changedRuns,
        documents: count
    )
    report(changed)
    print("  " + rate(changed))
    print(processorTime("all newly accepted", changedCPU))
    let unchanged = Measurement(
        name: "reprocess: \(count), all unchanged, 2 jobs",
        seconds: unchangedRuns,
        documents: count
    )
    report(unchanged)
    print("  " + rate(unchanged))
    print(processorTime("all unchanged", unchangedCPU))
    if !cliRuns.isEmpty {
        let cli = Measurement(name: "eingang reprocess: \(count), 2 jobs, cold", seconds: cliRuns, documents: count)
        report(cli)
        print("  " + rate(cli))
    }
}

/// Writes `count` copies of the documents into the archive of a new data directory and settles each as rejected
/// by an older bundle, through the store's own calls.
func storeRejected(
    count: Int,
    documents: [(name: String, bytes: [UInt8])],
    validator: Validator,
    dataDirectory: String
) async throws {
    let data = DataDirectory(path: dataDirectory)
    try data.prepare()
    let store = try SQLiteStore(path: data.databasePath)
    var copies: [(name: String, bytes: [UInt8])] = []
    for index in 0..<count {
        let document = documents[index % documents.count]
        let name = "\(index)-" + URL(fileURLWithPath: document.name).lastPathComponent
        copies.append((name, document.bytes + Array("\n<!-- copy \(index) -->\n".utf8)))
    }
    let daemon = try await store.registerDaemon(DaemonRegistration(host: "benchmark", processID: getpid()))
    let ids = try await store.recordClaims(
        copies.map { ClaimRequest(sourceName: $0.name, sourceKey: "benchmark-" + $0.name) },
        by: daemon,
        receivedAt: Date()
    ).compactMap(\.self)
    try await store.markClaimed(ids)
    let olderBundle = String(repeating: "0", count: 64)
    for (id, copy) in zip(ids, copies) {
        // The archive's name is the SHA-256 of the bytes (DocumentReport hashes them; written without fsync,
        // which a benchmark's set-up does not need).
        let sha256 = DocumentReport(
            validation: .rejected(file: copy.name, wellformed: true, processingError: nil),
            sourceName: copy.name,
            source: copy.bytes,
            identity: nil,
            validatedAt: Date(),
            validator: validator
        ).sha256
        let path = data.archive.path(of: sha256)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        precondition(FileManager.default.createFile(atPath: path, contents: Data(copy.bytes)), "cannot write \(path)")
        _ = try await store.beginDecision(id, sha256: sha256, size: Int64(copy.bytes.count))
        let draft = RejectionDraft(
            tenant: "default",
            reasonClass: "rules",
            reason: "1 rule(s) failed; first: [BR-DE-15] (an older rule bundle)",
            ruleIDs: ["BR-DE-15"],
            bundle: olderBundle
        )
        _ = try await store.settle(id, .rejection(draft), at: Date())
    }
}

/// User and system time of this process so far, all threads.
func processorSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
