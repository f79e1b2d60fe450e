import EInvoiceBusinessTerms
import EInvoiceValidation

/// Renders a ``DocumentReport`` as one self-contained HTML5 page for finance clerks: the verdict first, then the
/// invoice's identity, the document, and every finding with its rule, level, text, the business terms it
/// concerns and an excerpt of the document around it.
///
/// The page has inline CSS only: no script, no font, image or link to another host, and a Content Security Policy
/// that forbids them. Every value taken from the document (identity, file name, excerpts, messages) is escaped.
public struct HTMLReportWriter: ReportWriter {
    /// The language of the page's labels; rule texts stay as the rules write them.
    public var language: ReportLanguage
    /// At most this many findings get an excerpt of the document (the rest are listed without), so a document
    /// with thousands of findings still gives a page of sensible size.
    public var excerptLimit: Int

    /// A writer with labels in `language` (German by default).
    public init(language: ReportLanguage = .german) {
        self.language = language
        excerptLimit = 100
    }

    /// Always `.html`.
    public var format: ReportFormat { .html }

    /// The page as UTF-8; never throws.
    public func render(_ report: DocumentReport) throws -> [UInt8] {
        var page = HTMLPage(report: report, language: language, excerptLimit: excerptLimit)
        return page.render()
    }
}

/// Why a document was rejected, in the order the validator checks (KoSIT semantics).
enum Verdict: Equatable {
    case accepted, notWellFormed, noScenario, schema, processing, rules

    init(_ report: ValidationReport) {
        if report.decision == .accept {
            self = .accepted
        } else if !report.wellformed {
            self = .notWellFormed
        } else if report.scenario == nil, let error = report.processingError,
            error.hasPrefix("no scenario") || error.hasPrefix("several scenarios")
        {
            self = .noScenario
        } else if report.xsdValid == false {
            self = .schema
        } else if report.processingError != nil {
            self = .processing
        } else {
            self = .rules
        }
    }
}

/// One page being written.
struct HTMLPage {
    let report: DocumentReport
    let language: ReportLanguage
    let labels: HTMLLabels
    let excerptLimit: Int
    let verdict: Verdict
    /// Processing error, XML Schema errors, then the rule messages that count.
    let findings: [HTMLFinding]
    /// What the rules said although the XML Schema failed.
    let ungated: [HTMLFinding]
    /// The document decoded for excerpts; nil when no finding has a line.
    let source: SourceText?
    var html: HTMLBuffer
    /// Excerpts written so far.
    var excerptCount = 0

    init(report: DocumentReport, language: ReportLanguage, excerptLimit: Int) {
        self.report = report
        self.language = language
        self.excerptLimit = excerptLimit
        labels = HTMLLabels.labels(for: language)
        let validation = report.validation
        verdict = Verdict(validation)
        var findings: [HTMLFinding] = []
        findings.reserveCapacity(validation.failed.count + validation.xsdErrors.count + 1)
        if let error = validation.processingError { findings.append(HTMLFinding(processingError: error)) }
        for error in validation.xsdErrors { findings.append(HTMLFinding(schemaError: error)) }
        for message in validation.failed { findings.append(HTMLFinding(message: message)) }
        self.findings = findings
        ungated = (validation.failedUngated ?? []).map(HTMLFinding.init(message:))
        let needsSource = findings.contains { $0.line != nil } || ungated.contains { $0.line != nil }
        source = needsSource ? SourceText(report.source) : nil
        let excerpts = min(excerptLimit, findings.count + ungated.count)
        html = HTMLBuffer(capacity: 24_000 + (findings.count + ungated.count) * 900 + excerpts * 1_500)
    }

    mutating func render() -> [UInt8] {
        head()
        html.raw("<body>\n")
        if !findings.isEmpty {
            html.raw("<a class=\"skip\" href=\"#findings\">")
            html.text(labels.skipToFindings)
            html.raw("</a>\n")
        }
        html.raw("<main>\n")
        verdictSection()
        html.raw("<div class=\"facts-grid\">\n")
        invoiceSection()
        documentSection()
        html.raw("</div>\n")
        findingsSection()
        ungatedSection()
        html.raw("</main>\n<footer><p>")
        html.text(labels.footer)
        html.raw("</p></footer>\n</body>\n</html>\n")
        return html.bytes
    }

    private mutating func head() {
        html.raw("<!DOCTYPE html>\n<html lang=\"")
        html.text(language.rawValue)
        html.raw("\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        html.raw(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
        )
        html.raw("<meta name=\"robots\" content=\"noindex\"/>\n<title>")
        html.text(verdict == .accepted ? labels.accepted : labels.rejected)
        html.raw(" \u{2013} ")
        if let number = report.identity?.invoiceNumber, !number.isEmpty {
            html.text(labels.invoice + " " + number)
        } else {
            html.text(report.sourceName)
        }
        html.raw(" \u{2013} ")
        html.text(labels.documentTitle)
        html.raw("</title>\n<style>\n")
        html.raw(HTMLStyle.css)
        html.raw("</style>\n</head>\n")
    }
}
