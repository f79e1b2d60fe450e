import EInvoiceBusinessTerms
import EInvoiceValidation

/// The top of the page: the verdict, the invoice's identity, the document.
extension HTMLPage {
    mutating func verdictSection() {
        let accepted = verdict == .accepted
        html.raw(accepted ? "<section class=\"verdict verdict-accept\"" : "<section class=\"verdict verdict-reject\"")
        html.raw(" aria-labelledby=\"verdict-h\">\n<p class=\"kind\">")
        html.text(labels.reportKind)
        html.raw("</p>\n<h1 id=\"verdict-h\"><span class=\"symbol\" aria-hidden=\"true\">")
        html.raw(accepted ? "\u{2713}" : "\u{2715}")
        html.raw("</span> ")
        html.text(accepted ? labels.accepted : labels.rejected)
        html.raw("</h1>\n<p class=\"reason\"><span class=\"reason-label\">")
        html.text(accepted ? labels.result : labels.reason)
        html.raw(":</span> ")
        html.text(reasonText)
        html.raw("</p>\n<p class=\"explain\">")
        html.text(explanation)
        html.raw("</p>\n")
        let counts = levelCounts(findings)
        if counts.error + counts.warning + counts.information > 0 {
            html.raw("<ul class=\"counts\">")
            count(counts.error, labels.errorCount, level: .error)
            count(counts.warning, labels.warningCount, level: .warning)
            count(counts.information, labels.informationCount, level: .information)
            html.raw("</ul>\n")
        }
        html.raw("</section>\n")
    }

    private var reasonText: String {
        switch verdict {
        case .accepted: labels.reasonNone
        case .notWellFormed: labels.reasonNotWellFormed
        case .noScenario: labels.reasonNoScenario
        case .schema: labels.reasonSchema
        case .processing: labels.reasonProcessing
        case .rules: labels.reasonRules
        }
    }

    private var explanation: String {
        switch verdict {
        case .accepted: findings.isEmpty ? labels.explainAccepted : labels.explainAcceptedWithMessages
        case .notWellFormed: labels.explainNotWellFormed
        case .noScenario: labels.explainNoScenario
        case .schema: labels.explainSchema
        case .processing: labels.explainProcessing
        case .rules: labels.explainRules
        }
    }

    func levelCounts(_ findings: [HTMLFinding]) -> (error: Int, warning: Int, information: Int) {
        var counts = (error: 0, warning: 0, information: 0)
        for finding in findings {
            switch finding.level {
            case .error: counts.error += 1
            case .warning: counts.warning += 1
            case .information: counts.information += 1
            }
        }
        return counts
    }

    private mutating func count(_ value: Int, _ names: (String, String), level: Level) {
        guard value > 0 else { return }
        html.raw("<li class=\"count count-")
        html.text(level.rawValue)
        html.raw("\"><span class=\"symbol\" aria-hidden=\"true\">")
        levelSymbol(level)
        html.raw("</span> <strong>")
        html.number(value)
        html.raw("</strong> ")
        html.text(value == 1 ? names.0 : names.1)
        html.raw("</li>")
    }

    mutating func levelSymbol(_ level: Level) {
        switch level {
        case .error: html.raw("\u{2715}")
        case .warning: html.raw("!")
        case .information: html.raw("i")
        }
    }

    // MARK: - Identity

    mutating func invoiceSection() {
        html.raw("<section class=\"facts\" aria-labelledby=\"invoice-h\">\n<h2 id=\"invoice-h\">")
        html.text(labels.invoice)
        html.raw("</h2>\n")
        let rows = identityRows(report.identity)
        if rows.isEmpty {
            html.raw("<p class=\"unreadable\">")
            html.text(labels.invoiceUnreadable)
            html.raw("</p>\n</section>\n")
            return
        }
        html.raw("<table>\n<caption class=\"vh\">")
        html.text(labels.invoice)
        html.raw("</caption>\n<tbody>\n")
        for row in rows {
            html.raw("<tr><th scope=\"row\">")
            html.text(row.label)
            html.raw(" <span class=\"bt\">")
            html.text(row.term)
            html.raw("</span></th><td")
            html.raw(row.isKey ? " class=\"key\">" : ">")
            switch row.value {
            case .text(let value):
                html.raw("<bdi>")
                html.text(value)
                html.raw("</bdi>")
            case .date(let value):
                if language == .german, let german = ReportTime.germanDate(value) {
                    html.raw("<time datetime=\"")
                    html.text(value)
                    html.raw("\">")
                    html.text(german)
                    html.raw("</time>")
                } else {
                    html.raw("<bdi>")
                    html.text(value)
                    html.raw("</bdi>")
                }
            case .amount(let amount, let currency):
                html.raw("<bdi class=\"amount\">")
                html.text(amount)
                html.raw("</bdi>")
                if let currency {
                    html.raw(" <bdi>")
                    html.text(currency)
                    html.raw("</bdi>")
                }
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    private enum IdentityValue {
        case text(String)
        case date(String)
        case amount(String, currency: String?)
    }

    private struct IdentityRow {
        var label: String
        var term: String
        var value: IdentityValue
        var isKey = false
    }

    private func identityRows(_ identity: InvoiceIdentity?) -> [IdentityRow] {
        guard let identity else { return [] }
        func present(_ value: String?) -> String? {
            guard let value, !value.allSatisfy(\.isWhitespace) else { return nil }
            return value
        }
        var rows: [IdentityRow] = []
        if let value = present(identity.invoiceNumber) {
            rows.append(IdentityRow(label: labels.invoiceNumber, term: "BT-1", value: .text(value), isKey: true))
        }
        if let value = present(identity.issueDate) {
            rows.append(IdentityRow(label: labels.issueDate, term: "BT-2", value: .date(value)))
        }
        if let value = present(identity.sellerName) {
            rows.append(IdentityRow(label: labels.seller, term: "BT-27", value: .text(value), isKey: true))
        }
        if let value = present(identity.sellerVATID) {
            rows.append(IdentityRow(label: labels.sellerVATID, term: "BT-31", value: .text(value)))
        }
        if let value = present(identity.buyerName) {
            rows.append(IdentityRow(label: labels.buyer, term: "BT-44", value: .text(value)))
        }
        let currency = present(identity.currency)
        if let value = present(identity.totalAmount) {
            rows.append(
                IdentityRow(
                    label: labels.totalAmount,
                    term: "BT-112",
                    value: .amount(value, currency: currency),
                    isKey: true
                )
            )
        }
        if let value = present(identity.payableAmount), value != identity.totalAmount {
            rows.append(
                IdentityRow(label: labels.payableAmount, term: "BT-115", value: .amount(value, currency: currency))
            )
        }
        if let value = present(identity.buyerReference) {
            rows.append(IdentityRow(label: labels.buyerReference, term: "BT-10", value: .text(value)))
        }
        return rows
    }

    // MARK: - Document

    mutating func documentSection() {
        html.raw("<section class=\"facts\" aria-labelledby=\"document-h\">\n<h2 id=\"document-h\">")
        html.text(labels.document)
        html.raw("</h2>\n<table>\n<caption class=\"vh\">")
        html.text(labels.document)
        html.raw("</caption>\n<tbody>\n")
        documentRow(labels.fileName) {
            $0.html.raw("<bdi class=\"file\">")
            $0.html.text($0.report.sourceName)
            $0.html.raw("</bdi>")
        }
        if let embedded = report.embedded {
            documentRow(labels.embeddedFile) {
                guard let name = embedded.fileName else {
                    $0.html.text($0.labels.noEmbeddedFile)
                    return
                }
                $0.html.raw("<bdi class=\"file\">")
                $0.html.text(name)
                $0.html.raw("</bdi>")
                let facts = [embedded.profile, embedded.relationship, embedded.mimeType].compactMap(\.self)
                if !facts.isEmpty { $0.html.text(" (" + facts.joined(separator: ", ") + ")") }
            }
            if !embedded.warnings.isEmpty {
                documentRow(labels.pdfNotes) {
                    $0.html.raw("<ul>")
                    for warning in embedded.warnings {
                        $0.html.raw("<li>")
                        $0.html.text(warning)
                        $0.html.raw("</li>")
                    }
                    $0.html.raw("</ul>")
                }
            }
        }
        documentRow(labels.size) {
            $0.html.text($0.groupedDigits($0.report.source.count) + " " + $0.labels.bytes)
        }
        documentRow(labels.sha256) {
            $0.html.raw("<code class=\"hash\">")
            $0.html.text($0.report.sha256)
            $0.html.raw("</code>")
        }
        documentRow(labels.validatedAt) {
            let time = ReportTime($0.report.validatedAt)
            $0.html.raw("<time datetime=\"")
            $0.html.text(time.iso8601)
            $0.html.raw("\">")
            $0.html.text(time.display($0.language))
            $0.html.raw("</time>")
        }
        documentRow(labels.scenario) {
            $0.html.text($0.report.validation.scenario ?? $0.labels.noScenario)
        }
        documentRow(labels.xmlSchema) {
            switch $0.report.validation.xsdValid {
            case true?: $0.html.text($0.labels.schemaValid)
            case false?: $0.html.text($0.labels.schemaInvalid)
            case nil: $0.html.text($0.labels.schemaNotRun)
            }
        }
        if let source, source.decoding != .utf8 {
            documentRow(labels.encoding) {
                switch source.decoding {
                case .utf8: break
                case .utf8Repaired: $0.html.text("UTF-8, " + $0.labels.encodingRepaired)
                case .converted(let name): $0.html.text(name + ", " + $0.labels.encodingConverted)
                }
            }
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    private mutating func documentRow(_ label: String, _ value: (inout HTMLPage) -> Void) {
        html.raw("<tr><th scope=\"row\">")
        html.text(label)
        html.raw("</th><td>")
        value(&self)
        html.raw("</td></tr>\n")
    }

    /// `12.345` in German, `12,345` in English.
    func groupedDigits(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(language == .german ? "." : ",") }
            result.append(digit)
        }
        return result
    }
}
