import EInvoiceBusinessTerms
import EInvoicePipeline
import EInvoiceReports
import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import Testing

/// A pipeline on a fresh inbox and data directory with the real validator, the real SQLite store and the real
/// report writers.
struct PipelineHarness {
    static var validator: Result<(Validator, RuleBundle), TestDataError> { StandardValidator.shared }

    let directory: TemporaryDirectory
    var configuration: PipelineConfiguration
    let store: any InvoiceStore

    /// A harness on SQLite in its data directory, or on `store`.
    init(store: (any InvoiceStore)? = nil, _ adjust: (inout PipelineConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "eingang-pipeline")
        var configuration = PipelineConfiguration()
        configuration.inbox = directory.path("inbox")
        configuration.dataDirectory = directory.path("data")
        configuration.stableAfter = 0
        configuration.workers = 2
        adjust(&configuration)
        self.configuration = configuration
        try FileManager.default.createDirectory(atPath: configuration.inbox, withIntermediateDirectories: true)
        let data = DataDirectory(path: configuration.dataDirectory)
        try data.prepare()
        self.store = try store ?? SQLiteStore(path: data.databasePath)
    }

    var data: DataDirectory { DataDirectory(path: configuration.dataDirectory) }

    /// The altered bundle (``AlteredRules``), compiled once. Its directory is removed as soon as every file is
    /// compiled and hashed (the validator compiles eagerly, and nothing reads the files again): a static is never
    /// deinitialised, so a directory kept for the tests' run was left in /tmp by every run.
    static let altered: Result<(validator: Validator, bundle: RuleBundle), TestDataError> = {
        do {
            let directory = try TemporaryDirectory(prefix: "eingang-altered-rules")
            defer { directory.remove() }
            let (validator, bundle) = try Validator.makeStandard(
                rulesDirectory: AlteredRules.make(in: directory),
                schemasDirectory: PackagePaths.schemasDirectory(),
                acceptUnpinned: true
            )
            return .success((validator, bundle))
        } catch {
            return .failure(TestDataError("cannot build the altered validator: \(error)"))
        }
    }()

    static var alteredValidator: (Validator, RuleBundle) {
        get throws {
            try altered.get()
        }
    }

    /// A pipeline on the harness's store, or on another store (a second daemon on the same inbox and data).
    func pipeline(store: (any InvoiceStore)? = nil) throws -> Pipeline {
        try pipeline(with: Self.validator.get(), store: store)
    }

    /// A pipeline deciding with another validator and bundle (the altered rules).
    func pipeline(with made: (Validator, RuleBundle), store: (any InvoiceStore)? = nil) throws -> Pipeline {
        let (validator, bundle) = made
        return Pipeline(
            configuration: configuration,
            validator: validator,
            bundleHash: bundle.bundleHash,
            store: store ?? self.store,
            extractTerms: BookingTerms.extract,
            writers: ReportWriters.all(options: ReportOptions(language: configuration.reportLanguage))
        )
    }

    /// A reprocessor on this harness's store and data directory, with the official rules unless `made` is given.
    func reprocessor(with made: (Validator, RuleBundle)? = nil) throws -> Reprocessor {
        let (validator, bundle) = try made ?? Self.validator.get()
        return Reprocessor(
            configuration: configuration,
            validator: validator,
            bundleHash: bundle.bundleHash,
            store: store,
            extractTerms: BookingTerms.extract
        )
    }

    /// Runs the pipeline with `--once` semantics.
    @discardableResult
    func runOnce() async throws -> Pipeline.Summary {
        try await pipeline().run(once: true)
    }

    /// Drops `bytes` into the inbox under `name` (subdirectories created).
    @discardableResult
    func drop(_ bytes: [UInt8], as name: String) throws -> String {
        try directory.write(bytes, to: "inbox/" + name)
    }

    func dropSample(_ sample: String, as name: String? = nil) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: PackagePaths.samplesDirectory() + "/" + sample)))
        try drop(bytes, as: name ?? sample)
    }

    static func sample(_ name: String) throws -> String {
        try String(contentsOfFile: PackagePaths.samplesDirectory() + "/" + name, encoding: .utf8)
    }

    /// Every receipt, in order.
    func receipts() async throws -> [Receipt] {
        try await store.receipts(after: 0, limit: 100_000)
    }

    /// The receipt of the file that arrived as `name`.
    func receipt(_ name: String) async throws -> Receipt? {
        try await receipts().first { $0.sourceName == name }
    }

    func rejection(of receipt: Receipt) async throws -> RejectionEntry? {
        try await store.rejections(after: 0, limit: 100_000).first { $0.receiptID == receipt.id }
    }

    /// Files left in a directory below the temporary directory (recursively).
    func files(in relative: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path(relative))
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: directory.path(relative + "/" + next),
                isDirectory: &isDirectory
            )
            if exists && !isDirectory.boolValue { files.append(next) }
        }
        return files.sorted()
    }
}
