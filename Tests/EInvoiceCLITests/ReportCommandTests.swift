import EInvoiceReports
import EInvoiceTestSupport
import Foundation
import Testing

/// `eingang validate --report … --output DIR`: one file per document and format, named after the document.
extension ValidateCommandTests {
    private func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test(.timeLimit(.minutes(1))) func writesAReportPerDocumentAndKeepsTheOutput() throws {
        let directory = try TemporaryDirectory()
        let plain = try eingang(["validate", "Samples"])
        let run = try eingang(["validate", "--report", "varl", "--output", directory.path("out"), "Samples"])
        #expect(run.status == 1, "\(run.error)")
        #expect(run.output == plain.output)
        #expect(
            try files(in: directory.path("out")) == [
                "cii-invoice-valid-report.xml", "cii-invoice-wrong-total-report.xml",
                "ubl-invoice-missing-buyer-reference-report.xml", "ubl-invoice-valid-report.xml",
            ]
        )
        let report = String(
            decoding: try #require(
                FileManager.default.contents(
                    atPath: directory.path("out/ubl-invoice-missing-buyer-reference-report.xml")
                )
            ),
            as: UTF8.self
        )
        #expect(report.contains(#"code="BR-DE-15" level="error" lineNumber="2" columnNumber="1""#))
        #expect(report.contains("<rep:reject/>"))
    }

    @Test(.timeLimit(.minutes(1))) func makesCollidingNamesUniqueInInputOrder() throws {
        let directory = try TemporaryDirectory()
        let sample = try #require(
            FileManager.default.contents(atPath: PackagePaths.samplesDirectory() + "/ubl-invoice-valid.xml")
        )
        try directory.write([UInt8](sample), to: "a/invoice.xml")
        try directory.write([UInt8](sample), to: "b/invoice.xml")
        try directory.write([UInt8](sample), to: "b/invoice-2.xml")
        let run = try eingang(
            [
                "validate", "--format", "json", "--report", "json", "--output", directory.path("out"),
                directory.path("a"), directory.path("b"), "-",
            ],
            input: [UInt8](sample)
        )
        #expect(run.status == 0, "\(run.error)")
        // a/invoice keeps its name; b/invoice-2 is taken, so b/invoice becomes invoice-3.
        #expect(
            try files(in: directory.path("out")) == [
                "invoice-2-report.json", "invoice-3-report.json", "invoice-report.json", "stdin-report.json",
            ]
        )
        let data = try #require(FileManager.default.contents(atPath: directory.path("out/invoice-3-report.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["schema"] as? String == "eingang-report/1")
        #expect((json["document"] as? [String: Any])?["reference"] as? String == directory.path("b") + "/invoice.xml")
    }

    @Test(.timeLimit(.minutes(1))) func writesNothingWithoutAnOutputDirectory() throws {
        let plain = try eingang(["validate", "--format", "json", "Samples/ubl-invoice-valid.xml"])
        let run = try eingang(["validate", "--format", "json", "--report", "json", "Samples/ubl-invoice-valid.xml"])
        #expect(run.status == 0)
        #expect(run.output == plain.output)
        #expect(run.error.contains("writes no reports"))
    }

    @Test(.timeLimit(.minutes(1))) func reportOptionsThatCannotWorkExitWithTwo() throws {
        let directory = try TemporaryDirectory()
        #expect(try eingang(["validate", "--output", directory.path, "Samples"]).status == 2)
        #expect(
            try eingang(["validate", "--ruleset", "cen", "--report", "varl", "--output", directory.path, "Samples"])
                .status == 2
        )
        #expect(try eingang(["validate", "--report", "pdf", "--output", directory.path, "Samples"]).status == 2)
        #expect(try eingang(["validate", "--lang", "fr", "--report", "varl", "Samples"]).status == 2)
    }

    @Test(.timeLimit(.minutes(1))) func allWritesTheThreeReportsWithEnglishLabels() throws {
        let directory = try TemporaryDirectory()
        let run = try eingang([
            "validate", "--report", "all", "--lang", "en", "--output", directory.path, "Samples/ubl-invoice-valid.xml",
        ])
        #expect(run.status == 0, "\(run.error)")
        #expect(
            try files(in: directory.path) == [
                "ubl-invoice-valid-report.html", "ubl-invoice-valid-report.json", "ubl-invoice-valid-report.xml",
            ]
        )
        let html = try String(contentsOfFile: directory.path("ubl-invoice-valid-report.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"en\""))
        // The identity comes from the invoice itself.
        #expect(html.contains("NL-2026-00417"))
    }
}
