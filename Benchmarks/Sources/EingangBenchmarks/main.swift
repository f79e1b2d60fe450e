import EInvoiceBusinessTerms
import EInvoicePipeline
import EInvoiceReports
import EInvoiceValidation
import EInvoiceXML
import Foundation

// Benchmarks of the validation core (issue "Validation core"), run in a release build:
//   swift run -c release --package-path Benchmarks eingang-benchmarks [--quick] [--reprocessing-only]
//       [--shared-store-only] [--pdf-only] [--pages-only] [--booking-only] [--core-only]
// Prints min and median over repetitions, and documents per second. --shared-store-only runs only the benchmark of
// several daemons on one PostgreSQL store (SharedStoreBenchmarks.swift); --pdf-only only the PDF extraction;
// --pages-only only the clerks' pages over a large store (PageBenchmarks.swift); --booking-only stops after the
// business terms' extraction and JSON; --core-only runs only the validation core's figures (start-up, warm, two
// jobs, cold runs and large invoices).

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
// Only what reprocessing is compared with (start-up, 1 and 2 jobs), then reprocessing.
let reprocessingOnly = arguments.contains("--reprocessing-only")
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..")
    .standardizedFileURL.path
let shared = ProcessInfo.processInfo.environment["EINGANG_SHARED"] ?? packageRoot + "/../shared"
let rules = shared + "/rules"
let corpus = shared + "/corpus/xrechnung-testsuite/business-cases"
let eingang = packageRoot + "/.build/release/eingang"

func files(in directory: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: directory)
    var found: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        if relative.hasSuffix(".xml") { found.append(directory + "/" + relative) }
    }
    return found.sorted()
}

func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

func report(_ measurement: Measurement) {
    print(measurement.line)
}

if arguments.contains("--pages-only") {
    try await benchmarkPages(
        rules: rules,
        eingang: eingang,
        sample: corpus + "/standard/01.01a-INVOICE_ubl.xml",
        quick: quick
    )
    exit(0)
}

if arguments.contains("--shared-store-only") {
    try benchmarkSharedStore(corpus: corpus, rules: rules, eingang: eingang, quick: quick)
    exit(0)
}

// 0. Extracting the invoice from hybrid PDFs (issue 8): no rules needed; `--pdf-only` stops after it.
try benchmarkPDFExtraction(corpus: corpus, quick: quick)
if arguments.contains("--pdf-only") { exit(0) }

// 1. Rule compilation at start-up: scenarios, XML Schemas, every Schematron file.
var validator: Validator!
report(
    try Measurement.run("startup: compile rules + XML Schemas", repetitions: quick ? 2 : 5) {
        validator = try Validator.makeStandard(rulesDirectory: rules, schemasDirectory: packageRoot + "/Schemas").0
    }
)

// 2. Warm single-thread validation of the test suite's business cases, full scenario.
let documents = files(in: corpus).map { (name: $0, bytes: bytes($0)) }
for document in documents {
    precondition(validator.validate(document.bytes, file: document.name).isAccepted, "\(document.name) rejected")
}
var perDocument: [Double] = []
let repetitions = quick ? 3 : 20
for document in documents {
    let m = Measurement.run("", repetitions: repetitions) {
        _ = validator.validate(document.bytes, file: document.name)
    }
    perDocument.append(m.median)
}
perDocument.sort()
print(
    String(
        format: "validate: %d business cases, 1 thread, per document: min %.3f ms, median %.3f ms, max %.3f ms",
        documents.count,
        perDocument.first! * 1000,
        perDocument[perDocument.count / 2] * 1000,
        perDocument.last! * 1000
    )
)
let oneJob = Measurement.run(
    "validate: all business cases, 1 job",
    repetitions: quick ? 3 : 10,
    documents: documents.count
) {
    for document in documents { _ = validator.validate(document.bytes, file: document.name) }
}
report(oneJob)

// 3. Two jobs: the same documents split over two threads sharing one compiled validator.
let shared2 = validator!
let twoJobs = Measurement.run(
    "validate: all business cases, 2 jobs",
    repetitions: quick ? 3 : 10,
    documents: documents.count
) {
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
        for (index, document) in documents.enumerated() where index % 2 == worker {
            _ = shared2.validate(document.bytes, file: document.name)
        }
    }
}
report(twoJobs)
print(String(format: "speed-up of 2 jobs over 1 job (medians): %.2fx", oneJob.median / twoJobs.median))

if arguments.contains("--core-only") {
    // The validation core's figures only (issue 2): start-up, warm, two jobs, cold runs and large invoices.
    try benchmarkColdRuns()
    exit(0)
}

if reprocessingOnly {
    try await benchmarkReprocessing(
        documents: documents,
        validator: validator,
        rules: rules,
        schemas: packageRoot + "/Schemas",
        eingang: eingang,
        twoJobs: twoJobs,
        quick: quick
    )
    exit(0)
}

// 4. Booking entries (issue "Inbox daemon"): the business terms of every business case, 1 thread, against the
// validation of the same documents. The daemon has the tree after validation (extract only) or parses again
// (parse + extract); the booking stores the terms as JSON.
let trees = try documents.map { try ParsedDocument.parse($0.bytes).tree }
let parseOnly = Measurement.run(
    "booking: parse only (ParsedDocument.parse)",
    repetitions: quick ? 3 : 10,
    documents: documents.count
) {
    for document in documents { _ = try? ParsedDocument.parse(document.bytes) }
}
report(parseOnly)
var extracted: [BusinessTerms] = []
let extractOnly = Measurement.run(
    "booking: extract business terms from the tree",
    repetitions: quick ? 5 : 50,
    documents: documents.count
) {
    extracted = trees.map { BusinessTermsExtractor.extract(from: $0)! }
}
report(extractOnly)
// What the booking stores: `BookingTerms` extracts and encodes with the generated writer (JSONEncoder's bytes);
// JSONEncoder beside it for comparison.
let extractAndEncode = Measurement.run(
    "booking: extract + encode the terms as the daemon does (BookingTerms, generated writer)",
    repetitions: quick ? 5 : 50,
    documents: documents.count
) {
    for tree in trees { _ = BookingTerms.extract(tree)?.json }
}
report(extractAndEncode)
let encodeOnly = Measurement(
    name: "booking: encode the terms as JSON (generated writer; extract + encode less extract)",
    seconds: [max(0, extractAndEncode.median - extractOnly.median)],
    documents: documents.count
)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
let foundationEncode = try Measurement.run(
    "booking: encode the terms with Foundation's JSONEncoder (for comparison)",
    repetitions: quick ? 5 : 50,
    documents: documents.count
) {
    for terms in extracted { _ = try encoder.encode(terms) }
}
report(foundationEncode)
print(
    String(
        format: "booking share of 1-job validation (medians): extract %.1f %%, extract + JSON %.1f %%, "
            + "parse + extract + JSON %.1f %%",
        extractOnly.median / oneJob.median * 100,
        (extractOnly.median + encodeOnly.median) / oneJob.median * 100,
        (parseOnly.median + extractOnly.median + encodeOnly.median) / oneJob.median * 100
    )
)
if arguments.contains("--booking-only") { exit(0) }
// 5. Reports (issue "Reports"): a rejected invoice validated, against validated and written in every registered
// format (VARL, JSON, and HTML once registered); writing may add at most 20 %. The two are timed alternately, so
// that a busy machine slows both alike.
let writers = ReportWriters.all()
let rejected = [
    packageRoot + "/Samples/ubl-invoice-missing-buyer-reference.xml",
    packageRoot + "/Samples/cii-invoice-wrong-total.xml",
    shared + "/corpus/xr-unit/ubl-inv/ubl-inv-br-de-16-negative-test-bt-151.xml",
]
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
print("reports: \(writers.map { "\($0.format)" }.joined(separator: ", ")) of rejected invoices")
for path in rejected {
    let document = bytes(path)
    let name = (path as NSString).lastPathComponent
    let validation = validator.validate(document, file: name)
    precondition(!validation.isAccepted, "\(name) accepted")
    func makeReport(_ validation: ValidationReport) -> DocumentReport {
        DocumentReport(
            validation: validation,
            sourceName: name,
            source: document,
            identity: nil,
            validatedAt: Date(),
            validator: validator
        )
    }
    var alone = Measurement(name: "  validate \(name)", seconds: [], documents: 1)
    var written = Measurement(name: "  validate + write reports", seconds: [], documents: 1)
    for _ in 0..<(quick ? 50 : 300) {
        alone.seconds.append(seconds { _ = validator.validate(document, file: name) })
        written.seconds.append(
            seconds {
                let report = makeReport(validator.validate(document, file: name))
                for writer in writers { _ = try? writer.render(report) }
            }
        )
    }
    report(alone)
    report(written)
    print(
        String(
            format: "  writing the reports adds %.1f %% (min) / %.1f %% (median)",
            (written.minimum / alone.minimum - 1) * 100,
            (written.median / alone.median - 1) * 100
        )
    )
    let made = makeReport(validation)
    report(
        Measurement.run("    of which: the report (SHA-256, scenario)", repetitions: 100) { _ = makeReport(validation) }
    )
    for writer in writers {
        report(Measurement.run("    of which: \(writer.format)", repetitions: 100) { _ = try? writer.render(made) })
    }
}

// 5b. The HTML report alone, of rejected invoices, against their validation.
benchmarkHTMLReports(validator: validator, packageRoot: packageRoot, shared: shared, quick: quick)

// 6. Cold runs of the command line: process start, rule compilation, one document.

/// Runs the CLI with posix_spawn and waits for it (Foundation's Process adds tens of milliseconds of its own).
func runProcess(_ arguments: [String]) throws -> Int32 {
    let argv = ([eingang] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, eingang, &actions, nil, argv, environ)
    guard spawned == 0 else { throw NSError(domain: "posix_spawn", code: Int(spawned)) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return (status >> 8) & 0xFF
}

// 5. The whole inbox pipeline (issue "Inbox daemon"): the business cases replicated to 2,000 distinct files (a
// comment makes each copy's bytes unique; copies of one case share seller and invoice number, so all but the
// first are held as suspected duplicates: the same store work as a booking), through `eingang run --once` with 2
// workers, process start and rule compilation included. Compared with the validation core's 2-job throughput.
if FileManager.default.isExecutableFile(atPath: eingang) {
    let copies = quick ? 500 : 2000
    var runs: [Double] = []
    for _ in 0..<(quick ? 1 : 3) {
        let directory = NSTemporaryDirectory() + "eingang-pipeline-\(getpid())-\(runs.count)"
        try FileManager.default.createDirectory(atPath: directory + "/inbox", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = """
            inbox: inbox
            data_dir: data
            workers: 2
            stable_after: 0
            rules: \(rules)
            web:
              listen: ~

            """
        try configuration.write(toFile: directory + "/Pipeline.yml", atomically: true, encoding: .utf8)
        for index in 0..<copies {
            let document = documents[index % documents.count]
            let name = URL(fileURLWithPath: document.name).lastPathComponent
            let bytes = document.bytes + Array("\n<!-- copy \(index) -->\n".utf8)
            FileManager.default.createFile(atPath: directory + "/inbox/\(index)-\(name)", contents: Data(bytes))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let status = try runProcess(["run", "--once", "--config", directory + "/Pipeline.yml"])
        runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        precondition(status == 0, "eingang run --once exited with \(status)")
    }
    let pipeline = Measurement(
        name: "pipeline: run --once, \(copies) files, 2 workers",
        seconds: runs,
        documents: copies
    )
    report(pipeline)
    print(
        String(
            format: "pipeline throughput / validation core with 2 jobs (medians): %.0f %%",
            100 * (Double(copies) / pipeline.median) / (Double(documents.count) / twoJobs.median)
        )
    )
}

// 5c. Reprocessing 10,000 stored invoices with 2 jobs against the validation core with 2 jobs.
try await benchmarkReprocessing(
    documents: documents,
    validator: validator,
    rules: rules,
    schemas: packageRoot + "/Schemas",
    eingang: eingang,
    twoJobs: twoJobs,
    quick: quick
)

// 5d. Several daemons on one PostgreSQL store.
try benchmarkSharedStore(corpus: corpus, rules: rules, eingang: eingang, quick: quick)

// 5e. The clerks' pages over a store of 100,000 bookings and 10,000 rejections.
try await benchmarkPages(
    rules: rules,
    eingang: eingang,
    sample: corpus + "/standard/01.01a-INVOICE_ubl.xml",
    quick: quick
)

try benchmarkColdRuns()

/// Cold runs of the command line: one invoice, and large invoices made with make_large_invoice.py (time and peak
/// memory).
func benchmarkColdRuns() throws {
    if FileManager.default.isExecutableFile(atPath: eingang) {
        let sample = corpus + "/standard/01.01a-INVOICE_ubl.xml"
        report(
            try Measurement.run("cold: eingang validate (1 UBL invoice)", repetitions: quick ? 3 : 10) {
                let status = try runProcess(["validate", sample])
                precondition(status == 0)
            }
        )
        // Large invoices made with ../shared/tools/make_large_invoice.py: time should grow linearly with the lines.
        let temporary = NSTemporaryDirectory() + "eingang-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        for lines in quick ? [1000, 10000] : [1000, 2500, 5000, 10000] {
            let output = temporary + "/large-\(lines).xml"
            let maker = Process()
            maker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            maker.arguments = [
                "python3", shared + "/tools/make_large_invoice.py", sample, output, "--lines", "\(lines)",
            ]
            try maker.run()
            maker.waitUntilExit()
            report(
                try Measurement.run("cold: eingang validate, \(lines) lines", repetitions: quick ? 2 : 5) {
                    _ = try runProcess(["validate", output])
                }
            )
            // Peak memory: GNU time's maximum resident set size of one more cold run.
            let time = Process()
            time.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            time.arguments = [
                "bash", "-c",
                "command time -f %M \(eingang) validate \(output) >/dev/null 2>/tmp/eingang-bench-rss; tail -1 /tmp/eingang-bench-rss",
            ]
            let pipe = Pipe()
            time.standardOutput = pipe
            try time.run()
            time.waitUntilExit()
            let kilobytes = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            print("  peak resident memory, \(lines) lines: \(kilobytes) KiB")
        }
    } else {
        print("(build the CLI with `swift build -c release` first for the cold-start figures)")
    }
}
