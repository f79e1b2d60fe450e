import EInvoiceBusinessTerms
import EInvoiceReports
import EInvoiceValidation
import Testing

/// The page is self-contained and inert, whatever the invoice holds: no script, no request to anywhere, every
/// value from the document shown as text, and markup that libxml2's XML and HTML parsers read without errors.
@Suite struct HTMLReportSafetyTests {
    /// Markup, an attribute break-out, an ampersand and a character reference, in the invoice number, the seller's
    /// name and the buyer reference; the issue date makes the XML Schema quote the same markup in its message.
    static let hostileInvoice: [UInt8] = {
        let sample = (try? ReportFixtures.sample("ubl-invoice-valid.xml")) ?? []
        var text = String(decoding: sample, as: UTF8.self)
        text = text.replacing(
            "<cbc:ID>NL-2026-00417</cbc:ID>",
            with: "<cbc:ID>&lt;script&gt;alert(1)&lt;/script&gt;</cbc:ID>"
        )
        text = text.replacing(
            "<cbc:RegistrationName>Nordlicht Bürobedarf GmbH</cbc:RegistrationName>",
            with:
                "<cbc:RegistrationName>\"&gt;&lt;img src=x onerror=alert(2)&gt; Müller &amp; Söhne</cbc:RegistrationName>"
        )
        text = text.replacing(
            "<cbc:BuyerReference>02000000-00417-55</cbc:BuyerReference>",
            with: "<cbc:BuyerReference>&amp;lt;b&amp;gt; &apos;x&apos; &#x202E;</cbc:BuyerReference>"
        )
        text = text.replacing(
            "<cbc:IssueDate>2026-03-16</cbc:IssueDate>",
            with: "<cbc:IssueDate>&lt;script&gt;alert(3)&lt;/script&gt;</cbc:IssueDate>"
        )
        return Array(text.utf8)
    }()

    static func hostileReport() throws -> DocumentReport {
        var report = try ReportFixtures.report(
            hostileInvoice,
            name: "<script>alert(4)</script>\u{1B}[31m\u{07}.xml"
        )
        // Control characters cannot be in a well-formed invoice, but an identity may come from elsewhere.
        report.identity?.buyerName = "Amt\u{0}für\u{1B}Zahlen\u{7F}\u{85}"
        return report
    }

    @Test func invoiceContentAppearsAsTextOnly() throws {
        let report = try Self.hostileReport()
        #expect(report.validation.xsdValid == false)
        #expect(report.identity?.invoiceNumber == "<script>alert(1)</script>")
        for language in ReportLanguage.allCases {
            let bytes = try HTMLReportWriter(language: language).render(report)
            let output = String(decoding: bytes, as: UTF8.self)
            #expect(!output.lowercased().contains("<script"))
            #expect(!output.lowercased().contains("<img"))
            #expect(output.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(output.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt; Müller &amp; Söhne"))
            #expect(output.contains("&amp;lt;b&amp;gt; &#39;x&#39; \u{FFFD}"))
            // libxml2's XSD message quotes the date: escaped there too.
            #expect(output.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
            #expect(output.contains("&lt;script&gt;alert(4)&lt;/script&gt;\u{241B}[31m\u{2407}.xml"))
            #expect(output.contains("Amt\u{2400}für\u{241B}Zahlen\u{2421}\u{FFFD}"))
            let controls = bytes.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            #expect(controls.isEmpty)

            for html in [false, true] {
                let page = ParsedPage(bytes, html: html)
                #expect(page.problems.filter { !Self.isHTML5Tag($0, html: html) }.isEmpty, "\(page.problems)")
                #expect(!page.elements.contains { ["script", "img", "iframe", "object", "embed"].contains($0) })
                #expect(!page.attributes.contains { $0.name.lowercased().hasPrefix("on") })
                #expect(page.text.contains("<script>alert(1)</script>"))
                #expect(page.text.contains("\"><img src=x onerror=alert(2)> Müller & Söhne"))
                #expect(page.text.contains("<script>alert(3)</script>"))
                #expect(page.text.contains("<script>alert(4)</script>"))
            }
        }
    }

    @Test(arguments: GoldenCase.all)
    func pageIsSelfContainedAndParsesCleanly(_ golden: GoldenCase) throws {
        let bytes = try golden.render()
        let output = String(decoding: bytes, as: UTF8.self)
        #expect(!output.lowercased().contains("<script"))
        #expect(!output.contains("url("))
        #expect(!output.contains("@import"))
        for html in [false, true] {
            let page = ParsedPage(bytes, html: html)
            #expect(page.problems.filter { !Self.isHTML5Tag($0, html: html) }.isEmpty, "\(page.problems)")
            #expect(
                !page.elements.contains {
                    ["script", "img", "link", "iframe", "object", "embed", "base", "form"].contains($0)
                }
            )
            for attribute in page.attributes
            where ["href", "src", "action", "srcset", "poster", "data"].contains(attribute.name) {
                #expect(attribute.value.hasPrefix("#"), "\(attribute)")
            }
            #expect(!page.attributes.contains { $0.name.lowercased().hasPrefix("on") })
            let language = page.attributes.first { $0.element == "html" && $0.name == "lang" }?.value
            #expect(language == golden.language.rawValue)
        }
    }

    @Test func headingsAreInOrderAndTablesHaveHeaders() throws {
        for golden in GoldenCase.all {
            let page = ParsedPage(try golden.render(), html: false)
            let headings = page.elements.compactMap { name -> Int? in
                guard name.count == 2, name.first == "h", let level = Int(String(name.last!)) else { return nil }
                return level
            }
            #expect(headings.first == 1)
            #expect(headings.filter { $0 == 1 }.count == 1)
            for (previous, next) in zip(headings, headings.dropFirst()) {
                #expect(next <= previous + 1, "\(golden.golden): h\(previous) then h\(next)")
            }
            let tables = page.elements.filter { $0 == "table" }.count
            #expect(page.elements.filter { $0 == "caption" }.count == tables)
            let headers = page.attributes.filter { $0.element == "th" && $0.name == "scope" }
            #expect(headers.count == page.elements.filter { $0 == "th" }.count)
        }
    }

    /// libxml2 2.9's HTML parser knows HTML 4 only: it reports the HTML5 elements the page uses as unknown.
    static func isHTML5Tag(_ problem: ParsedPage.Problem, html: Bool) -> Bool {
        guard html, problem.code == 801 else { return false }
        return ["main", "section", "article", "footer", "mark", "time", "bdi"].contains {
            problem.message.contains("Tag \($0) invalid")
        }
    }
}
