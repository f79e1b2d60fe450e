import EInvoiceXML
import Foundation
import Testing

/// One document of the reference corpus with the reference's well-formedness and XML Schema verdicts.
struct CorpusDocument: Sendable, CustomTestStringConvertible {
    /// Relative to the shared directory, e.g. `corpus/kosit-config/instances/ubl005.xml`.
    var file: String
    var wellformed: Bool
    /// Nil when the reference did not run the XML Schema (not well-formed, or no scenario).
    var xsdValid: Bool?
    var xsdErrors: [SchemaViolation]

    var testDescription: String { file }

    /// The corpora whose documents carry full verdicts; `cen-unit` carries them in `saxon_cen_only`.
    static let corpora = ["kosit-config", "xr-unit", "xrechnung-testsuite", "cen-unit"]

    private struct Verdict: Decodable {
        var file: String
        var wellformed: Bool
        var xsd_valid: Bool?
        var xsd_errors: [SchemaViolation]
    }

    private struct Entry: Decodable {
        var file: String
        var wellformed: Bool?
        var xsd_valid: Bool?
        var xsd_errors: [SchemaViolation]?
        var saxon_cen_only: Verdict?
    }

    /// Every document of the corpora, in the order of their `expected-*.json`.
    static func all() throws -> [CorpusDocument] {
        var documents: [CorpusDocument] = []
        for corpus in corpora {
            let folder = try SharedData.path("corpus/\(corpus)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasPrefix("expected-") && $0.hasSuffix(".json") }
                .sorted()
            guard !names.isEmpty else { throw TestDataError("no expected-*.json in \(folder)") }
            for name in names {
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
                for entry in try JSONDecoder().decode([Entry].self, from: data) {
                    let verdict =
                        entry.saxon_cen_only
                        ?? Verdict(
                            file: entry.file,
                            wellformed: entry.wellformed ?? true,
                            xsd_valid: entry.xsd_valid,
                            xsd_errors: entry.xsd_errors ?? []
                        )
                    documents.append(
                        CorpusDocument(
                            file: "corpus/\(corpus)/\(entry.file)",
                            wellformed: verdict.wellformed,
                            xsdValid: verdict.xsd_valid,
                            xsdErrors: verdict.xsd_errors
                        )
                    )
                }
            }
        }
        return documents
    }
}
