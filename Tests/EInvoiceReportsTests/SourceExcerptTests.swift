import Testing

@testable import EInvoiceReports

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decoding a document for excerpts, and cutting excerpts from it.
@Suite struct SourceExcerptTests {
    static let invoice = "<?xml version=\"1.0\"?>\n<Invoice>\n  <ID>Größe</ID>\n  <Note>a</Note>\n</Invoice>\n"

    @Test func readsUTF16ByByteOrderMarkAndByPattern() {
        let units = Array(Self.invoice.utf16)
        let littleEndian: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bigEndianNoMark: [UInt8] = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (bytes, name) in [(littleEndian, "UTF-16LE"), (bigEndianNoMark, "UTF-16BE")] {
            let source = SourceText(bytes)
            #expect(source.decoding == .converted(name))
            #expect(text(source, line: 3) == "  <ID>Größe</ID>")
            #expect(source.lineCount == 6)
        }
    }

    @Test func readsDeclaredSingleByteEncodings() {
        func document(_ encoding: String, _ byte: UInt8) -> [UInt8] {
            Array("<?xml version=\"1.0\" encoding='\(encoding)'?>\r\n<a>".utf8) + [byte] + Array("</a>".utf8)
        }
        let latin1 = SourceText(document("ISO-8859-1", 0xFC))
        #expect(latin1.decoding == .converted("ISO-8859-1"))
        #expect(text(latin1, line: 2) == "<a>ü</a>")
        #expect(text(SourceText(document("iso-8859-15", 0xA4)), line: 2) == "<a>€</a>")
        #expect(text(SourceText(document("windows-1252", 0x80)), line: 2) == "<a>€</a>")
        #expect(text(SourceText(document("windows-1252", 0x81)), line: 2) == "<a>\u{FFFD}</a>")
    }

    @Test func replacesInvalidUTF8() {
        let source = SourceText(Array("<a>".utf8) + [0xFC, 0xFF] + Array("</a>\r<b/>".utf8))
        #expect(source.decoding == .utf8Repaired)
        #expect(text(source, line: 1) == "<a>\u{FFFD}\u{FFFD}</a>")
        #expect(text(source, line: 2) == "<b/>")
        let marked = SourceText([0xEF, 0xBB, 0xBF] + Array("<a/>".utf8))
        #expect(marked.decoding == .utf8)
        #expect(text(marked, line: 1) == "<a/>")
    }

    @Test func marksTheStartTagAtTheColumnAndDropsCommonIndentation() throws {
        let source = SourceText(Array(Self.invoice.utf8))
        let lines = try #require(source.excerpt(line: 3, mark: .startTag(column: 3, localName: "ID")))
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5])
        let hit = try #require(lines.first { $0.isHit })
        #expect(hit.number == 3)
        #expect(slice(source, hit.shown) == "  <ID>Größe</ID>")
        #expect(slice(source, try #require(hit.marked)) == "<ID>")
        // A column past the start tag (libxml2 reports where the tag ends) finds the same tag.
        let later = try #require(source.excerpt(line: 3, mark: .startTag(column: 7, localName: nil)))
        #expect(later.first { $0.isHit }?.marked.map { slice(source, $0) } == "<ID>")
        let indented = SourceText(Array("  <a>\n    <b/>\n  </a>\n".utf8))
        let dedented = try #require(indented.excerpt(line: 2, mark: .startTag(column: nil, localName: "b")))
        #expect(dedented.map { slice(indented, $0.shown) } == ["<a>", "  <b/>", "</a>", ""])
        #expect(dedented.allSatisfy { !$0.cutBefore && !$0.cutAfter })
        #expect(source.excerpt(line: 7, mark: .none) == nil)
    }

    @Test func marksAStartTagThatEndsOnTheLineOfTheFinding() throws {
        let document =
            "<?xml version=\"1.0\"?>\n<ubl:Invoice xmlns:a=\"urn:a\"\n    xmlns:b=\"urn:b\">\n  <ID/>\n</ubl:Invoice>\n"
        let source = SourceText(Array(document.utf8))
        for mark in [ExcerptMark.startTag(column: nil, localName: "Invoice"), .startTag(column: 5, localName: nil)] {
            let lines = try #require(source.excerpt(line: 3, mark: mark, context: 0))
            #expect(lines.map(\.number) == [2, 3])
            #expect(lines.map(\.isHit) == [false, true])
            #expect(
                lines.map { $0.marked.map { slice(source, $0) } } == [
                    "<ubl:Invoice xmlns:a=\"urn:a\"", "xmlns:b=\"urn:b\">",
                ]
            )
        }
        #expect(
            try #require(source.excerpt(line: 3, mark: .startTag(column: nil, localName: "Other"))).allSatisfy {
                $0.marked == nil
            }
        )
    }

    @Test func cutsLongLinesAroundTheMark() throws {
        let filler = String(repeating: "<x>1</x>", count: 10_000)
        let line = "<Invoice>" + filler + "<Target a=\"x>y\">v</Target>" + filler + "</Invoice>"
        let source = SourceText(Array(line.utf8))
        let column = 10 + filler.count
        let lines = try #require(source.excerpt(line: 1, mark: .startTag(column: column, localName: nil), width: 100))
        #expect(lines.count == 1)
        let hit = lines[0]
        #expect(hit.cutBefore && hit.cutAfter)
        #expect(hit.shown.count <= 100)
        #expect(slice(source, try #require(hit.marked)) == "<Target a=\"x>y\">")
        // Without a column the name is enough when it starts one tag only; when it starts many, nothing is marked.
        let byName = try #require(source.excerpt(line: 1, mark: .startTag(column: nil, localName: "Target")))
        #expect(byName[0].marked.map { slice(source, $0) } == "<Target a=\"x>y\">")
        let ambiguous = try #require(source.excerpt(line: 1, mark: .startTag(column: nil, localName: "x"), width: 100))
        #expect(ambiguous[0].marked == nil)
        #expect(ambiguous[0].shown.lowerBound == 0)
        #expect(ambiguous[0].cutAfter && !ambiguous[0].cutBefore)
    }

    @Test func marksTheParserPosition() throws {
        let source = SourceText(Array("<a>\n<b></c>\n".utf8))
        let lines = try #require(source.excerpt(line: 2, mark: .position(column: 5)))
        let hit = try #require(lines.first { $0.isHit })
        #expect(slice(source, try #require(hit.marked)) == "/")
    }

    @Test func findsBusinessTermsInRuleTexts() {
        let text =
            "[BR-CO-15]-Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + (BT-112), "
            + "BG-23, BT-4, XBT-1, BT-DEX-001, BT-1000, BT-10."
        let terms = BusinessTermNames.mentioned(in: text)
        #expect(terms.map(\.id) == ["BT-112", "BT-109", "BG-23", "BT-10"])
        #expect(terms.first?.german == "Gesamtbetrag der Rechnung einschließlich Umsatzsteuer")
        #expect(terms.last?.english == "Buyer reference")
        for number in 1...165 where number != 4 {
            #expect(BusinessTermNames.entry(number: number, group: false) != nil)
        }
        #expect(BusinessTermNames.entry(number: 166, group: false) == nil)
        #expect(BusinessTermNames.entry(number: 32, group: true)?.english == "Item attributes")
        #expect(BusinessTermNames.entry(number: 33, group: true) == nil)
    }

    @Test func readsFindingsFromMessages() {
        #expect(HTMLFinding.lastElementName("/ubl:Invoice[1]/cac:InvoiceLine[2]/@currencyID") == "InvoiceLine")
        #expect(HTMLFinding.lastElementName("/rsm:CrossIndustryInvoice[1]") == "CrossIndustryInvoice")
        #expect(HTMLFinding.lastElementName("/Q{urn:x}Invoice[1]/Q{urn:y}ID[1]") == "ID")
        #expect(
            HTMLFinding.schemaElementName("Element '{urn:oasis:x}PaymentDueDate': This element is not expected.")
                == "PaymentDueDate"
        )
        #expect(
            HTMLFinding.prefixingNamespaces(
                "Element '{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}PaymentDueDate': "
                    + "Expected is one of ( {urn:x}A, {urn:un:unece:uncefact:data:standard:QualifiedDataType:100}B ). {"
            ) == "Element 'cbc:PaymentDueDate': Expected is one of ( {urn:x}A, qdt:B ). {"
        )
        #expect(HTMLFinding.strippingRulePrefix("[BR-CO-15]-Invoice total", id: "BR-CO-15") == "Invoice total")
        #expect(HTMLFinding.strippingRulePrefix("[BR-DE-15] Das Element", id: "BR-DE-15") == "Das Element")
        let finding = HTMLFinding(
            processingError: "not well-formed: xml.not-well-formed at 12:7: Opening and ending tag mismatch: a and b"
        )
        #expect(finding.id == "xml.not-well-formed")
        #expect(finding.line == 12)
        #expect(finding.mark == .position(column: 7))
        #expect(finding.text == "Opening and ending tag mismatch: a and b")
        let other = HTMLFinding(processingError: "no scenario matches")
        #expect(other.id.isEmpty && other.line == nil && other.text == "no scenario matches")
    }

    @Test func formatsTimesInUTC() {
        let time = ReportTime(ReportFixtures.validatedAt)
        #expect(time.iso8601 == "2026-11-29T05:50:56Z")
        #expect(time.display(.german) == "29.11.2026, 05:50:56 UTC")
        #expect(ReportTime(.init(timeIntervalSince1970: -1)).iso8601 == "1969-12-31T23:59:59Z")
        #expect(ReportTime(.init(timeIntervalSince1970: 951_782_400)).iso8601 == "2000-02-29T00:00:00Z")
        #expect(ReportTime.germanDate("2026-03-16") == "16.03.2026")
        #expect(ReportTime.germanDate("20260316") == nil)
    }

    private func text(_ source: SourceText, line: Int) -> String? {
        source.range(ofLine: line).map { slice(source, $0) }
    }

    private func slice(_ source: SourceText, _ range: Range<Int>) -> String {
        String(decoding: source.utf8[range], as: UTF8.self)
    }
}
