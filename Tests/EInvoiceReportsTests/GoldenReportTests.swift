import EInvoiceReports
import EInvoiceTestSupport
import Foundation
import Testing

/// Reports of the samples compared byte for byte with the files in `Golden/`, written with a fixed time and
/// engine version. `RECORD_GOLDEN=1 swift test --filter GoldenReportTests` writes the files anew; review the
/// diff before committing it.
@Suite struct GoldenReportTests {
    static let samples = [
        "ubl-invoice-valid.xml", "ubl-invoice-missing-buyer-reference.xml", "cii-invoice-wrong-total.xml",
    ]

    private static let isRecording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"

    private func goldenDirectory() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    }

    private func compare(_ rendered: [UInt8], with name: String) throws {
        let path = goldenDirectory() + "/" + name
        if Self.isRecording {
            try Data(rendered).write(to: URL(fileURLWithPath: path))
            return
        }
        let golden = try #require(
            FileManager.default.contents(atPath: path),
            "\(path) is missing: record it with RECORD_GOLDEN=1"
        )
        let actual = String(decoding: rendered, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let expected = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if actual != expected {
            let line =
                zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actual.count, expected.count)
            let got = line < actual.count ? String(actual[line]) : "(end)"
            let want = line < expected.count ? String(expected[line]) : "(end)"
            let message = "\(name) differs from the golden file at line \(line + 1): got \(got), expected \(want); "
            Issue.record("\(message)re-record with RECORD_GOLDEN=1 if the change is intended")
        }
    }

    @Test(arguments: samples)
    func matchesTheGoldenFiles(_ sample: String) throws {
        let bytes = [UInt8](
            try #require(FileManager.default.contents(atPath: PackagePaths.samplesDirectory() + "/" + sample))
        )
        let report = try SharedValidator.report(
            bytes,
            name: "Samples/" + sample,
            engine: ReportEngine(name: "eingang", version: "golden")
        )
        let name = String(sample.dropLast(".xml".count))
        try compare(VARLReportWriter().render(report), with: name + ReportFormat.varl.fileSuffix)
        try compare(JSONReportWriter().render(report), with: name + ReportFormat.json.fileSuffix)
    }
}
