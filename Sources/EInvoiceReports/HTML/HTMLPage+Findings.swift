import EInvoiceValidation

/// The findings: an overview table, then one card per finding with its excerpt of the document.
extension HTMLPage {
    mutating func findingsSection() {
        html.raw("<section id=\"findings\" class=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">")
        html.text(labels.findings)
        if !findings.isEmpty {
            html.raw(" <span class=\"total\">(")
            html.number(findings.count)
            html.raw(")</span>")
        }
        html.raw("</h2>\n")
        if findings.isEmpty {
            html.raw("<p>")
            html.text(labels.noFindings)
            html.raw("</p>\n</section>\n")
            return
        }
        if findings.count + ungated.count > excerptLimit {
            html.raw("<p class=\"note\">")
            html.text(labels.excerptsLimited.replacing("%d", with: String(excerptLimit)))
            html.raw("</p>\n")
        }
        if findings.count > 1 { overview(findings, anchor: "f") }
        for (index, finding) in findings.enumerated() {
            card(finding, number: index + 1, anchor: "f")
        }
        html.raw("</section>\n")
    }

    mutating func ungatedSection() {
        guard !ungated.isEmpty else { return }
        html.raw("<section class=\"findings ungated\" aria-labelledby=\"ungated-h\">\n<h2 id=\"ungated-h\">")
        html.text(labels.ungated)
        html.raw(" <span class=\"total\">(")
        html.number(ungated.count)
        html.raw(")</span></h2>\n<p class=\"note\">")
        html.text(labels.ungatedExplanation)
        html.raw("</p>\n")
        if ungated.count > 1 { overview(ungated, anchor: "u") }
        for (index, finding) in ungated.enumerated() {
            card(finding, number: index + 1, anchor: "u")
        }
        html.raw("</section>\n")
    }

    private mutating func overview(_ list: [HTMLFinding], anchor: StaticString) {
        html.raw("<div class=\"scroll\"><table class=\"overview\">\n<caption>")
        html.text(labels.overview)
        html.raw("</caption>\n<thead><tr><th scope=\"col\">")
        html.text(labels.number)
        html.raw("</th><th scope=\"col\">")
        html.text(labels.level)
        html.raw("</th><th scope=\"col\">")
        html.text(labels.rule)
        html.raw("</th><th scope=\"col\">")
        html.text(labels.line)
        html.raw("</th><th scope=\"col\">")
        html.text(labels.message)
        html.raw("</th></tr></thead>\n<tbody>\n")
        for (index, finding) in list.enumerated() {
            html.raw("<tr><td><a href=\"#")
            html.raw(anchor)
            html.number(index + 1)
            html.raw("\">")
            html.number(index + 1)
            html.raw("</a></td><td>")
            levelBadge(finding.level)
            html.raw("</td><td><code>")
            html.text(finding.id.isEmpty ? "\u{2013}" : finding.id)
            html.raw("</code></td><td>")
            if let line = finding.line { html.number(line) } else { html.raw("\u{2013}") }
            html.raw("</td><td>")
            let short = finding.text.prefix(160)
            html.text(String(short))
            if short.endIndex < finding.text.endIndex { html.raw("\u{2026}") }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table></div>\n")
    }

    private mutating func levelBadge(_ level: Level) {
        html.raw("<span class=\"level level-")
        html.text(level.rawValue)
        html.raw("\"><span class=\"symbol\" aria-hidden=\"true\">")
        levelSymbol(level)
        html.raw("</span> ")
        switch level {
        case .error: html.text(labels.error)
        case .warning: html.text(labels.warning)
        case .information: html.text(labels.information)
        }
        html.raw("</span>")
    }

    private mutating func card(_ finding: HTMLFinding, number: Int, anchor: StaticString) {
        html.raw("<article class=\"finding finding-")
        html.text(finding.level.rawValue)
        html.raw("\" id=\"")
        html.raw(anchor)
        html.number(number)
        html.raw("\" aria-labelledby=\"")
        html.raw(anchor)
        html.number(number)
        html.raw("-h\">\n<h3 id=\"")
        html.raw(anchor)
        html.number(number)
        html.raw("-h\"><span class=\"num\">")
        html.number(number)
        html.raw(".</span> ")
        levelBadge(finding.level)
        html.raw(" <code class=\"rule\">")
        html.text(finding.id.isEmpty ? labels.processingError : finding.id)
        html.raw("</code></h3>\n<p class=\"text\">")
        html.text(finding.text)
        html.raw("</p>\n<dl class=\"meta\">\n")
        if !finding.terms.isEmpty {
            html.raw("<div><dt>")
            html.text(labels.concerns)
            html.raw("</dt><dd><ul class=\"terms\">")
            for term in finding.terms {
                html.raw("<li><span class=\"bt\">")
                html.text(term.id)
                html.raw("</span> ")
                html.text(term.name(in: language))
                html.raw("</li>")
            }
            html.raw("</ul></dd></div>\n")
        }
        if finding.line != nil || finding.path != nil {
            html.raw("<div><dt>")
            html.text(labels.location)
            html.raw("</dt><dd>")
            if let line = finding.line {
                html.text(labels.line + " ")
                html.number(line)
                if case .position(let column) = finding.mark {
                    html.text(", " + labels.lineColumn + " ")
                    html.number(column)
                }
            }
            if let path = finding.path {
                if finding.line != nil { html.raw(" \u{00B7} ") }
                html.raw("<code class=\"path\">")
                html.text(path)
                html.raw("</code>")
            }
            html.raw("</dd></div>\n")
        }
        html.raw("<div><dt>")
        html.text(labels.ruleSet)
        html.raw("</dt><dd>")
        switch finding.origin {
        case .cen: html.text(labels.ruleSetCEN)
        case .xrechnung: html.text(labels.ruleSetXRechnung)
        case .schema: html.text(labels.ruleSetSchema)
        case .processing: html.text(labels.ruleSetProcessing)
        }
        html.raw("</dd></div>\n</dl>\n")
        if let line = finding.line, excerptCount < excerptLimit, let source {
            excerptCount += 1
            excerpt(source, line: line, mark: finding.mark)
        }
        html.raw("</article>\n")
    }

    private mutating func excerpt(_ source: SourceText, line: Int, mark: ExcerptMark) {
        guard let lines = source.excerpt(line: line, mark: mark), let first = lines.first, let last = lines.last else {
            html.raw("<p class=\"note\">")
            html.text(labels.lineOutside)
            html.raw("</p>\n")
            return
        }
        html.raw("<div class=\"scroll\"><table class=\"excerpt\">\n<caption>")
        html.text(labels.excerpt + ", " + labels.lines + " ")
        html.number(first.number)
        html.raw("\u{2013}")
        html.number(last.number)
        html.raw("</caption>\n<thead class=\"vh\"><tr><th scope=\"col\">")
        html.text(labels.line)
        html.raw("</th><th scope=\"col\">")
        html.text(labels.content)
        html.raw("</th></tr></thead>\n<tbody>\n")
        source.utf8.withUnsafeBufferPointer { bytes in
            for excerptLine in lines {
                html.raw(excerptLine.isHit ? "<tr class=\"hit\"><th scope=\"row\">" : "<tr><th scope=\"row\">")
                if excerptLine.isHit {
                    html.raw("<span class=\"pointer\" aria-hidden=\"true\">\u{25B6}</span><span class=\"vh\">")
                    html.text(labels.hitLine)
                    html.raw(", </span>")
                }
                html.number(excerptLine.number)
                html.raw("</th><td><code>")
                if excerptLine.cutBefore { cutMarker() }
                let shown = excerptLine.shown
                if let marked = excerptLine.marked {
                    html.text(utf8: UnsafeBufferPointer(rebasing: bytes[shown.lowerBound..<marked.lowerBound]))
                    html.raw("<mark>")
                    html.text(utf8: UnsafeBufferPointer(rebasing: bytes[marked]))
                    html.raw("</mark>")
                    html.text(utf8: UnsafeBufferPointer(rebasing: bytes[marked.upperBound..<shown.upperBound]))
                } else {
                    html.text(utf8: UnsafeBufferPointer(rebasing: bytes[shown]))
                }
                if excerptLine.cutAfter { cutMarker() }
                html.raw("</code></td></tr>\n")
            }
        }
        html.raw("</tbody>\n</table></div>\n")
    }

    private mutating func cutMarker() {
        html.raw("<span class=\"cut\" title=\"")
        html.text(labels.cut)
        html.raw("\">\u{2026}</span>")
    }
}
