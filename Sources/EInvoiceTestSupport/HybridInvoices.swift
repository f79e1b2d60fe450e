#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Invoice XML for hybrid PDFs in tests, read from the corpus at test time (never copied into the repository).
public enum HybridInvoices {
    /// The XRechnung guideline id (BT-24) of the corpus's CII business cases.
    public static let xrechnungGuideline = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"

    /// The guideline ids of the ZUGFeRD / Factur-X profiles, by XMP conformance level.
    public static let guidelines: [String: String] = [
        "MINIMUM": "urn:factur-x.eu:1p0:minimum",
        "BASIC WL": "urn:factur-x.eu:1p0:basicwl",
        "BASIC": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
        "EN 16931": "urn:cen.eu:en16931:2017",
        "EXTENDED": "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
        "XRECHNUNG": xrechnungGuideline,
    ]

    /// A CII business case of the XRechnung test suite, as published (`01.01a-INVOICE_uncefact.xml`).
    public static func xrechnungCII() throws -> [UInt8] {
        let path = try Corpus.root() + "/xrechnung-testsuite/business-cases/standard/01.01a-INVOICE_uncefact.xml"
        guard let data = FileManager.default.contents(atPath: path) else { throw TestDataError("cannot read \(path)") }
        return [UInt8](data)
    }

    /// The same invoice with another guideline id: the profile's document as far as the tests need it.
    public static func cii(guideline: String) throws -> [UInt8] {
        let text = String(decoding: try xrechnungCII(), as: UTF8.self)
        let original = "<ram:ID>\(xrechnungGuideline)</ram:ID>"
        guard text.contains(original) else { throw TestDataError("the corpus invoice has another guideline id") }
        return Array(text.replacing(original, with: "<ram:ID>\(guideline)</ram:ID>").utf8)
    }

    /// A ZUGFeRD 1.0 invoice (`rsm:CrossIndustryDocument`), reduced to its header.
    public static let zugferd1: [UInt8] = Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12">
          <rsm:SpecifiedExchangedDocumentContext>
            <ram:GuidelineSpecifiedDocumentContextParameter>
              <ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID>
            </ram:GuidelineSpecifiedDocumentContextParameter>
          </rsm:SpecifiedExchangedDocumentContext>
          <rsm:HeaderExchangedDocument><ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:HeaderExchangedDocument>
        </rsm:CrossIndustryDocument>
        """.utf8
    )
}
