#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The reference corpora (`../shared/corpus`): documents with the reference stack's verdicts, one
/// parameterised test case per document.
///
/// ```swift
/// @Test(arguments: try Corpus.cases(in: "xrechnung-testsuite"))
/// func agreesWithReference(_ testCase: CorpusCase) throws { … }
/// ```
public enum Corpus {
    /// The environment variable naming the corpus root.
    public static let environmentVariable = "EINGANG_CORPUS"

    /// The corpus whose expectations are CEN-rules-only results (`saxon_cen_only`).
    public static let cenOnlyCorpus = "cen-unit"

    /// The corpus root: `EINGANG_CORPUS` if set, else `../shared/corpus` beside the package root.
    ///
    /// - Throws: when the directory does not exist: a missing corpus fails the tests, it never skips them.
    public static func root() throws -> String {
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return try PackagePaths.existingDirectory(configured, what: "the corpus (\(environmentVariable))")
        }
        return try PackagePaths.existingDirectory(
            PackagePaths.parent(PackagePaths.packageRoot()) + "/shared/corpus",
            what: "the corpus (set \(environmentVariable) to use another)"
        )
    }

    /// Every document of one corpus with its expected result, in the order of its `expected-*.json`.
    ///
    /// - Parameter corpus: a folder of the corpus root (`xrechnung-testsuite`, `xr-unit`, `kosit-config`,
    ///   `cen-unit`) or an absolute path to such a folder. In `cen-unit` the expectation is `saxon_cen_only`.
    /// - Throws: when the folder or its expected results are missing or do not decode.
    public static func cases(in corpus: String) throws -> [CorpusCase] {
        let folder = try corpus.hasPrefix("/") ? corpus : root() + "/" + corpus
        _ = try PackagePaths.existingDirectory(folder, what: "the corpus folder \(corpus)")
        let name = String(folder.split(separator: "/").last ?? "")
        let expectationFiles = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("expected-") && $0.hasSuffix(".json") }
            .sorted()
        guard !expectationFiles.isEmpty else {
            throw TestDataError("no expected-*.json in \(folder)")
        }
        var cases: [CorpusCase] = []
        for expectationFile in expectationFiles {
            let path = folder + "/" + expectationFile
            let entries: [Entry]
            do {
                entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw TestDataError("cannot decode \(path): \(error)")
            }
            for entry in entries {
                cases.append(
                    CorpusCase(
                        corpus: name,
                        file: entry.expected.file,
                        document: folder + "/" + entry.expected.file,
                        expected: entry.expected,
                        isCENOnly: entry.isCENOnly,
                        declared: entry.declared
                    )
                )
            }
        }
        return cases
    }

    /// One row of an `expected-*.json`: a flat result, or (cen-unit) a wrapper with `declared` and `saxon_cen_only`.
    private struct Entry: Decodable {
        var expected: ExpectedResult
        var isCENOnly: Bool
        var declared: DeclaredExpectation?

        enum CodingKeys: String, CodingKey {
            case file
            case declared
            case saxonCENOnly = "saxon_cen_only"
            case fullScenario = "full_scenario"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            declared = try container.decodeIfPresent(DeclaredExpectation.self, forKey: .declared)
            if container.contains(.saxonCENOnly) {
                expected = try container.decode(ExpectedResult.self, forKey: .saxonCENOnly)
                isCENOnly = true
            } else if container.contains(.fullScenario) {
                expected = try container.decode(ExpectedResult.self, forKey: .fullScenario)
                isCENOnly = false
            } else {
                expected = try ExpectedResult(from: decoder)
                isCENOnly = false
            }
            // The outer `file` is the one relative to the JSON's folder.
            if let file = try container.decodeIfPresent(String.self, forKey: .file) {
                expected.file = file
            }
        }
    }
}

/// One corpus document and the reference's result for it; named after its file in test output.
public struct CorpusCase: Hashable, Sendable, CustomStringConvertible {
    /// The corpus folder name, e.g. `xr-unit`.
    public let corpus: String
    /// The document's path relative to the corpus folder, e.g. `ubl-inv/ubl-inv-br-de-1-test.xml`.
    public let file: String
    /// The document's absolute path.
    public let document: String
    /// What the reference stack says about it.
    public let expected: ExpectedResult
    /// Whether `expected` is a CEN-rules-only result (no scenario, no XSD gate, no custom levels).
    public let isCENOnly: Bool
    /// The CEN unit test's own declaration (cen-unit only).
    public let declared: DeclaredExpectation?

    /// A case as given.
    public init(
        corpus: String,
        file: String,
        document: String,
        expected: ExpectedResult,
        isCENOnly: Bool = false,
        declared: DeclaredExpectation? = nil
    ) {
        self.corpus = corpus
        self.file = file
        self.document = document
        self.expected = expected
        self.isCENOnly = isCENOnly
        self.declared = declared
    }

    /// The relative file name, so that parameterised tests are named after the document.
    public var description: String { file }

    /// The expectation in the form `compare.py` compares (CEN-only when the corpus is).
    public var expectedSummary: ResultSummary { ResultSummary(expected: expected, cenOnly: isCENOnly) }
}
