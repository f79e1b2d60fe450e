import EInvoiceBusinessTerms
import EInvoiceReports
import EInvoiceValidation
import Foundation

/// Writing the HTML report of rejected invoices against validating them (issue "Reports": writing all reports
/// adds at most 20 % to the validation time of a rejected invoice).
func benchmarkHTMLReports(validator: Validator, packageRoot: String, shared: String, quick: Bool) {
    let paths = [
        packageRoot + "/Samples/ubl-invoice-missing-buyer-reference.xml",
        packageRoot + "/Samples/cii-invoice-wrong-total.xml",
        shared + "/corpus/kosit-config/instances/ubl008.xml",
        shared + "/corpus/xr-unit/ubl-inv/ubl-inv-br-de-16-negative-test-bt-151.xml",
    ]
    let writer = HTMLReportWriter()
    let identity = InvoiceIdentity(
        invoiceNumber: "NL-2026-00418",
        issueDate: "2026-03-16",
        currency: "EUR",
        sellerName: "Nordlicht Bürobedarf GmbH",
        buyerReference: "02000000-00417-55",
        totalAmount: "350.57"
    )
    let repetitions = quick ? 5 : 30
    for path in paths {
        let document = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        let name = (path as NSString).lastPathComponent
        let validation = validator.validate(document, file: name)
        precondition(validation.decision == .reject, "\(name) accepted")
        let validate = Measurement.run("validate \(name)", repetitions: repetitions) {
            _ = validator.validate(document, file: name)
        }
        let report = DocumentReport(
            validation: validation,
            sourceName: name,
            source: document,
            sha256: String(repeating: "0", count: 64),
            identity: identity,
            validatedAt: Date()
        )
        var size = 0
        let render = Measurement.run("html report \(name)", repetitions: repetitions * 10) {
            size = (try? writer.render(report))?.count ?? 0
        }
        print(
            String(
                format:
                    "html report: %@ (%d findings, %d KB): validate median %.3f ms, render median %.3f ms (%.1f %%)",
                name,
                validation.failed.count + validation.xsdErrors.count,
                size / 1024,
                validate.median * 1000,
                render.median * 1000,
                render.median / validate.median * 100
            )
        )
    }
}
