import EInvoiceBusinessTerms
import EInvoiceTestSupport
import EInvoiceXML
import Foundation
import Testing

@Suite struct ExtractorTests {
    typealias Terms = BusinessTerms

    @Test(arguments: [
        #"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>"#,
        "<Invoice/>",
        #"<rsm:Invoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>"#,
        #"<CrossIndustryInvoice xmlns="urn:example"/>"#,
    ])
    func isNilForOtherDocuments(_ xml: String) throws {
        #expect(try BusinessTermsExtractor.extract(from: Array(xml.utf8)) == nil)
    }

    @Test func syntaxNamesTheDocumentElement() throws {
        #expect(try Documents.terms(Documents.ublInvoice("")).syntax == "ubl-invoice")
        #expect(try Documents.terms(Documents.ublCreditNote("")).syntax == "ubl-creditnote")
        #expect(try Documents.terms(Documents.cii("")).syntax == "cii")
    }

    /// XRechnung writes BT-21 in UBL as a `#CODE#` prefix of the note: three capital letters between two `#`.
    @Test func splitsTheSubjectCodeOffUBLNotes() throws {
        let notes = [
            "#AAC#Invoice note", "#REG#", "#ab#lower case", "#AB#two letters", "Plain text", "#ABCD#four", " #AAI#x",
        ]
        let document = Documents.ublInvoice(notes.map { "<cbc:Note>\($0)</cbc:Note>" }.joined())
        #expect(
            try Documents.terms(document).notes == [
                Terms.Note(subjectCode: "AAC", text: "Invoice note"),
                Terms.Note(subjectCode: "REG", text: ""),
                Terms.Note(text: "#ab#lower case"),
                Terms.Note(text: "#AB#two letters"),
                Terms.Note(text: "Plain text"),
                Terms.Note(text: "#ABCD#four"),
                Terms.Note(text: " #AAI#x"),
            ]
        )
        let cii = Documents.cii(
            """
            <rsm:ExchangedDocument>
              <ram:IncludedNote><ram:Content>Invoice note</ram:Content><ram:SubjectCode>AAC</ram:SubjectCode></ram:IncludedNote>
            </rsm:ExchangedDocument>
            """
        )
        #expect(try Documents.terms(cii).notes == [Terms.Note(subjectCode: "AAC", text: "Invoice note")])
    }

    /// Seller and buyer are named by `cac:PartyLegalEntity` (BT-27, BT-44), payee and tax representative by
    /// `cac:PartyName` (BT-59, BT-62); the payee's legal entity gives only BT-61.
    @Test func namesPartiesByTheirBinding() throws {
        let terms = try Documents.terms(
            Documents.ublInvoice(
                """
                <cac:AccountingSupplierParty><cac:Party>
                  <cac:PartyName><cbc:Name>Handelsname</cbc:Name></cac:PartyName>
                  <cac:PartyLegalEntity><cbc:RegistrationName>Firma GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
                </cac:Party></cac:AccountingSupplierParty>
                <cac:PayeeParty>
                  <cac:PartyName><cbc:Name>Factoring AG</cbc:Name></cac:PartyName>
                  <cac:PartyLegalEntity>
                    <cbc:RegistrationName>Factoring Aktiengesellschaft</cbc:RegistrationName>
                    <cbc:CompanyID schemeID="0204">991-1234512345-06</cbc:CompanyID>
                  </cac:PartyLegalEntity>
                </cac:PayeeParty>
                <cac:TaxRepresentativeParty>
                  <cac:PartyName><cbc:Name>Steuervertreter</cbc:Name></cac:PartyName>
                  <cac:PartyTaxScheme>
                    <cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
                  </cac:PartyTaxScheme>
                </cac:TaxRepresentativeParty>
                """
            )
        )
        #expect(terms.seller?.name == "Firma GmbH")
        #expect(terms.seller?.tradingName == "Handelsname")
        #expect(terms.payee?.name == "Factoring AG")
        #expect(terms.payee?.legalRegistrationIdentifier == Terms.Identifier(id: "991-1234512345-06", scheme: "0204"))
        #expect(terms.sellerTaxRepresentative?.name == "Steuervertreter")
        #expect(terms.sellerTaxRepresentative?.vatIdentifier == "DE123456789")
    }

    /// CII's format 102 becomes ISO 8601; another format stays as written. BT-8 is mapped from UNTDID 2475.
    @Test func convertsCIIDatesAndTheTaxPointDateCode() throws {
        let document = Documents.cii(
            """
            <rsm:ExchangedDocument>
              <ram:IssueDateTime><udt:DateTimeString format="102">20240131</udt:DateTimeString></ram:IssueDateTime>
            </rsm:ExchangedDocument>
            <rsm:SupplyChainTradeTransaction>
              <ram:ApplicableHeaderTradeSettlement>
                <ram:ApplicableTradeTax><ram:DueDateTypeCode>29</ram:DueDateTypeCode></ram:ApplicableTradeTax>
                <ram:BillingSpecifiedPeriod>
                  <ram:StartDateTime><udt:DateTimeString format="610">202401</udt:DateTimeString></ram:StartDateTime>
                  <ram:EndDateTime><udt:DateTimeString format="102"> 20240229 </udt:DateTimeString></ram:EndDateTime>
                </ram:BillingSpecifiedPeriod>
              </ram:ApplicableHeaderTradeSettlement>
            </rsm:SupplyChainTradeTransaction>
            """
        )
        let terms = try Documents.terms(document)
        #expect(terms.issueDate == "2024-01-31")
        #expect(terms.invoicingPeriod == Terms.Period(startDate: "202401", endDate: "2024-02-29"))
        #expect(terms.taxPointDateCode == "35")
    }

    @Test func listsAttachmentsWithTheirSizeButNotTheirContent() throws {
        let ubl = Documents.ublInvoice(
            """
            <cac:AdditionalDocumentReference>
              <cbc:ID>Stundenzettel</cbc:ID>
              <cbc:DocumentDescription>Stunden März</cbc:DocumentDescription>
              <cac:Attachment>
                <cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="stunden.csv">SGVs
                  bG8=</cbc:EmbeddedDocumentBinaryObject>
              </cac:Attachment>
            </cac:AdditionalDocumentReference>
            <cac:AdditionalDocumentReference>
              <cbc:ID>Lieferschein</cbc:ID>
              <cac:Attachment><cac:ExternalReference><cbc:URI>https://example.org/ls/1</cbc:URI></cac:ExternalReference></cac:Attachment>
            </cac:AdditionalDocumentReference>
            <cac:AdditionalDocumentReference>
              <cbc:ID schemeID="AAB">Zähler 4711</cbc:ID>
              <cbc:DocumentTypeCode>130</cbc:DocumentTypeCode>
            </cac:AdditionalDocumentReference>
            """
        )
        let cii = Documents.ciiTransaction(
            """
            <ram:ApplicableHeaderTradeAgreement>
              <ram:AdditionalReferencedDocument>
                <ram:IssuerAssignedID>Stundenzettel</ram:IssuerAssignedID>
                <ram:TypeCode>916</ram:TypeCode>
                <ram:Name>Stunden März</ram:Name>
                <ram:AttachmentBinaryObject mimeCode="text/csv" filename="stunden.csv">SGVsbG8=</ram:AttachmentBinaryObject>
              </ram:AdditionalReferencedDocument>
              <ram:AdditionalReferencedDocument>
                <ram:IssuerAssignedID>Lieferschein</ram:IssuerAssignedID>
                <ram:URIID>https://example.org/ls/1</ram:URIID>
                <ram:TypeCode>916</ram:TypeCode>
              </ram:AdditionalReferencedDocument>
              <ram:AdditionalReferencedDocument>
                <ram:IssuerAssignedID>Zähler 4711</ram:IssuerAssignedID>
                <ram:TypeCode>130</ram:TypeCode>
                <ram:ReferenceTypeCode>AAB</ram:ReferenceTypeCode>
              </ram:AdditionalReferencedDocument>
              <ram:AdditionalReferencedDocument>
                <ram:IssuerAssignedID>Los 3</ram:IssuerAssignedID>
                <ram:TypeCode>50</ram:TypeCode>
              </ram:AdditionalReferencedDocument>
            </ram:ApplicableHeaderTradeAgreement>
            """
        )
        var embedded = Terms.Attachment()
        embedded.id = "Stundenzettel"
        embedded.description = "Stunden März"
        embedded.filename = "stunden.csv"
        embedded.mimeCode = "text/csv"
        embedded.sizeBytes = 5
        var external = Terms.Attachment()
        external.id = "Lieferschein"
        external.externalURI = "https://example.org/ls/1"
        for document in [ubl, cii] {
            let terms = try Documents.terms(document)
            #expect(terms.attachments == [embedded, external])
            #expect(terms.invoicedObjectIdentifier == Terms.Identifier(id: "Zähler 4711", scheme: "AAB"))
        }
        #expect(try Documents.terms(cii).tenderOrLotReference == "Los 3")
        let json = String(decoding: try JSONEncoder().encode(try Documents.terms(ubl)), as: UTF8.self)
        #expect(!json.contains("SGVs"))
    }

    /// The embedded documents of the test suite: the size is what the base64 text decodes to.
    @Test func attachmentSizesMatchTheDecodedContent() throws {
        let path = try corpusFile("xrechnung-testsuite/technical-cases/cius/01.01_comprehensive_test_ubl.xml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "filename=\"01_15_Anhang_01.pdf\">"))
        let end = try #require(text.range(of: "<", range: start.upperBound..<text.endIndex))
        let base64 = text[start.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        let decoded = try #require(Data(base64Encoded: String(base64)))
        let terms = try businessTerms(at: path)
        #expect(terms.attachments.first?.sizeBytes == decoded.count)
        #expect(terms.attachments.count == 2)
    }

    /// XRechnung extension sub-lines nest in UBL, in document order, at any depth.
    @Test func nestsUBLSubLines() throws {
        func line(_ id: String, _ subLines: String = "", element: String = "cac:SubInvoiceLine") -> String {
            "<\(element)><cbc:ID>\(id)</cbc:ID>\(subLines)</\(element)>"
        }
        let document = Documents.ublInvoice(
            line("1", line("1.1", line("1.1.1")) + line("1.2"), element: "cac:InvoiceLine")
                + line("2", element: "cac:InvoiceLine")
        )
        let lines = try Documents.terms(document).lines
        #expect(lines.map(\.id) == ["1", "2"])
        #expect(lines[0].subLines.map(\.id) == ["1.1", "1.2"])
        #expect(lines[0].subLines[0].subLines.map(\.id) == ["1.1.1"])
        #expect(lines[1].subLines.isEmpty)
    }

    /// Every `cac:SubInvoiceLine` of the test suite's extension cases is one sub-line.
    @Test(arguments: ["04.01a", "04.02a", "04.03a", "04.04a"])
    func listsEverySubLineOfTheExtensionCases(_ name: String) throws {
        let path = try corpusFile("xrechnung-testsuite/business-cases/extension/\(name)-INVOICE_ubl.xml")
        let elements = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "<cac:SubInvoiceLine>")
        func count(_ lines: [Terms.Line]) -> Int { lines.reduce(0) { $0 + $1.subLines.count + count($1.subLines) } }
        let terms = try businessTerms(at: path)
        #expect(count(terms.lines) == elements.count - 1)
        #expect(count(terms.lines) > 0)
    }

    @Test func jsonCarriesTheSchemaVersionAndRoundTrips() throws {
        let path = try corpusFile("xrechnung-testsuite/technical-cases/cius/01.01_comprehensive_test_uncefact.xml")
        let terms = try businessTerms(at: path)
        let data = try JSONEncoder().encode(terms)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "eingang-booking/1")
        #expect(object["invoice_number"] as? String == "1234567")
        #expect((object["totals"] as? [String: Any])?["amount_due"] as? String == "12829.69")
        #expect(try JSONDecoder().decode(BusinessTerms.self, from: data) == terms)
    }

    @Test func identityComesFromTheBusinessTerms() throws {
        let path = try corpusFile("xrechnung-testsuite/business-cases/standard/01.01a-INVOICE_uncefact.xml")
        let terms = try businessTerms(at: path)
        let identity = terms.identity
        #expect(identity.syntax == "cii")
        #expect(identity.invoiceNumber == terms.invoiceNumber)
        #expect(identity.issueDate == terms.issueDate)
        #expect(identity.sellerName == terms.seller?.name)
        #expect(identity.sellerVATID == terms.seller?.vatIdentifier)
        #expect(identity.buyerName == terms.buyer?.name)
        #expect(identity.buyerReference == terms.buyerReference)
        #expect(identity.totalAmount == terms.totals?.totalWithVAT)
        #expect(identity.payableAmount == terms.totals?.amountDue)
        #expect(identity.invoiceNumber != nil && identity.payableAmount != nil && identity.sellerName != nil)
    }

    /// Any document of the corpora, valid or not, gives business terms exactly when it is an invoice, and never
    /// stops the extractor.
    @Test func readsEveryCorpusDocument() throws {
        let root = try Corpus.root()
        let invoiceRoots = ["<Invoice", "<CreditNote", "<rsm:CrossIndustryInvoice", "<ubl:Invoice", "<cn:CreditNote"]
        var read = 0
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".xml") else { continue }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))
            let terms: BusinessTerms?
            do {
                terms = try BusinessTermsExtractor.extract(from: bytes)
            } catch {
                continue  // refused by the parser: the validator rejects it before any booking
            }
            read += 1
            if let terms {
                #expect(!terms.syntax.isEmpty, "\(relative)")
            } else {
                let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
                #expect(!invoiceRoots.contains { text.contains($0) }, "\(relative) was not read")
            }
        }
        #expect(read > 1500)
    }
}
