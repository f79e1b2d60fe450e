import EInvoiceReports
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A report built from one document for the golden-file and page checks.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    /// The golden file's name in `Golden/`.
    var golden: String
    var language: ReportLanguage
    /// The name shown as the document's file name.
    var sourceName: String
    /// The document's bytes.
    var bytes: @Sendable () throws -> [UInt8]

    var testDescription: String { golden }

    func report() throws -> DocumentReport {
        try ReportFixtures.report(bytes(), name: sourceName)
    }

    func render() throws -> [UInt8] {
        try HTMLReportWriter(language: language).render(report())
    }

    /// The samples, and documents made from the valid UBL sample that fail in the other ways.
    static let all: [GoldenCase] = [
        GoldenCase(
            golden: "ubl-missing-buyer-reference.de.html",
            language: .german,
            sourceName: "ubl-invoice-missing-buyer-reference.xml"
        ) {
            try ReportFixtures.sample("ubl-invoice-missing-buyer-reference.xml")
        },
        GoldenCase(golden: "cii-wrong-total.en.html", language: .english, sourceName: "cii-invoice-wrong-total.xml") {
            try ReportFixtures.sample("cii-invoice-wrong-total.xml")
        },
        GoldenCase(golden: "ubl-valid.de.html", language: .german, sourceName: "ubl-invoice-valid.xml") {
            try ReportFixtures.sample("ubl-invoice-valid.xml")
        },
        GoldenCase(golden: "ubl-schema-error.de.html", language: .german, sourceName: "ubl-invoice-schema-error.xml") {
            // The rules still run on a document the XML Schema rejects: BR-DE-15 is shown, as not counted.
            try replacing(
                "cbc:DueDate>",
                with: "cbc:PaymentDueDate>",
                in: replacing(
                    "<cbc:BuyerReference>02000000-00417-55</cbc:BuyerReference>",
                    with: "",
                    in: ReportFixtures.sample("ubl-invoice-valid.xml")
                )
            )
        },
        GoldenCase(golden: "ubl-truncated.en.html", language: .english, sourceName: "ubl-invoice-truncated.xml") {
            Array(try ReportFixtures.sample("ubl-invoice-valid.xml").prefix(1_000))
        },
    ]

    /// `bytes` with every `old` replaced by `new` (as UTF-8).
    static func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).replacing(old, with: new).utf8)
    }
}

/// The HTML reports of a few documents, compared byte for byte with `Golden/`; `RECORD_GOLDEN=1` writes them anew.
@Suite struct HTMLReportGoldenTests {
    static let goldenDirectory: String = {
        let file = #filePath
        return String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)]) + "/Golden"
    }()

    @Test(arguments: GoldenCase.all)
    func matchesGoldenFile(_ golden: GoldenCase) throws {
        let rendered = try golden.render()
        let path = Self.goldenDirectory + "/" + golden.golden
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Data(rendered).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            Issue.record("missing golden file \(path); record it with RECORD_GOLDEN=1")
            return
        }
        if Array(expected) != rendered {
            let expectedLines = String(decoding: expected, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            )
            let renderedLines = String(decoding: rendered, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            )
            let first = zip(expectedLines, renderedLines).enumerated().first { $0.element.0 != $0.element.1 }
            let detail =
                first.map { "line \($0.offset + 1):\n- \($0.element.0)\n+ \($0.element.1)" } ?? "line counts differ"
            Issue.record("\(golden.golden) differs from the golden file (RECORD_GOLDEN=1 re-records it)\n\(detail)")
        }
    }

    @Test func goldenReportsShowTheExpectedVerdicts() throws {
        let expected = [
            "ubl-missing-buyer-reference.de.html": ("Abgelehnt", "BR-DE-15"),
            "cii-wrong-total.en.html": ("Rejected", "BR-CO-15"),
            "ubl-valid.de.html": ("Angenommen", ""),
            "ubl-schema-error.de.html": ("Verstoß gegen das XML-Schema", "SCHEMAV_ELEMENT_CONTENT"),
            "ubl-truncated.en.html": ("Not well-formed XML", "xml.not-well-formed"),
        ]
        for golden in GoldenCase.all {
            let page = ParsedPage(try golden.render(), html: false)
            let (verdict, rule) = try #require(expected[golden.golden])
            #expect(page.text.contains(verdict), "\(golden.golden)")
            #expect(page.text.contains(rule), "\(golden.golden)")
        }
        let schemaError = ParsedPage(try GoldenCase.all[3].render(), html: false).text
        #expect(schemaError.contains("Weitere Meldungen der Regeln (zählen nicht)"))
        #expect(schemaError.contains("BR-DE-15"))
    }
}
