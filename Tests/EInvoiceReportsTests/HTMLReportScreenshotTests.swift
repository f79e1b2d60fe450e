import EInvoiceReports
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rejected documents `scripts/render-report-screenshots` shows (all made from `Samples/`): their HTML reports, written to the directory
/// named by `EINGANG_REPORT_DIR` when it is set (the script then renders them with headless Chromium).
@Suite struct HTMLReportScreenshotTests {
    static let cases: [GoldenCase] = [
        GoldenCase.all[0],
        GoldenCase.all[1],
        GoldenCase.all[3],
        GoldenCase.all[4],
        GoldenCase(golden: "ubl-many-errors.de.html", language: .german, sourceName: "ubl-invoice-many-errors.xml") {
            try manyErrors(ReportFixtures.sample("ubl-invoice-valid.xml"))
        },
    ]

    /// The valid UBL sample with several faults: no buyer reference and no seller e-mail, an unknown unit and
    /// payment means code, a line amount that no longer adds up, a VAT rate missing from the breakdown.
    static func manyErrors(_ bytes: [UInt8]) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        let edits = [
            ("    <cbc:BuyerReference>02000000-00417-55</cbc:BuyerReference>\n", ""),
            ("<cbc:ElectronicMail>buchhaltung@nordlicht-buero.example</cbc:ElectronicMail>", ""),
            ("unitCode=\"H87\">3<", "unitCode=\"XYZ\">3<"),
            ("<cbc:PaymentMeansCode>58<", "<cbc:PaymentMeansCode>99<"),
            (">194.70<", ">194.07<"),
            (
                "<cbc:Name>Lieferpauschale</cbc:Name>\n            <cac:ClassifiedTaxCategory>\n"
                    + "                <cbc:ID>S</cbc:ID>\n                <cbc:Percent>19<",
                "<cbc:Name>Lieferpauschale</cbc:Name>\n            <cac:ClassifiedTaxCategory>\n"
                    + "                <cbc:ID>S</cbc:ID>\n                <cbc:Percent>7<"
            ),
        ]
        for (old, new) in edits {
            precondition(text.contains(old), "the sample changed: \(old)")
            text = text.replacing(old, with: new)
        }
        return Array(text.utf8)
    }

    @Test(arguments: cases)
    func writesReportOfRejectedDocument(_ screenshot: GoldenCase) throws {
        let report = try screenshot.report()
        #expect(report.validation.decision == .reject)
        let bytes = try HTMLReportWriter(language: screenshot.language).render(report)
        let page = ParsedPage(bytes, html: false)
        #expect(page.problems.isEmpty, "\(page.problems)")
        guard let directory = ProcessInfo.processInfo.environment["EINGANG_REPORT_DIR"], !directory.isEmpty else {
            return
        }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + screenshot.golden))
    }
}
