import EInvoiceReports
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rejected documents `scripts/render-report-screenshots` shows: their HTML reports, written to the directory
/// named by `EINGANG_REPORT_DIR` when it is set (the script then renders them with headless Chromium).
@Suite struct HTMLReportScreenshotTests {
    static let cases: [GoldenCase] = [
        GoldenCase.all[0],
        GoldenCase.all[1],
        GoldenCase.all[3],
        GoldenCase.all[4],
        GoldenCase(golden: "kosit-ubl008.de.html", language: .german, sourceName: "ubl008.xml") {
            try ReportFixtures.corpusDocument("kosit-config/instances/ubl008.xml")
        },
    ]

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
