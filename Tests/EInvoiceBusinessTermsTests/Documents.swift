import EInvoiceBusinessTerms
import Testing

/// Hand-made minimal documents: only the elements a test is about, inside the right document element.
enum Documents {
    static let ublNamespaces = """
        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" \
        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
        """

    /// A UBL `Invoice` with `body` as its content.
    static func ublInvoice(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \(ublNamespaces)>
        \(body)
        </Invoice>
        """
    }

    /// A UBL `CreditNote` with `body` as its content.
    static func ublCreditNote(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" \(ublNamespaces)>
        \(body)
        </CreditNote>
        """
    }

    /// A CII `CrossIndustryInvoice` with `body` as its content.
    static func cii(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
        xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
        xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" \
        xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">
        \(body)
        </rsm:CrossIndustryInvoice>
        """
    }

    /// A CII document whose `rsm:SupplyChainTradeTransaction` holds `transaction`.
    static func ciiTransaction(_ transaction: String) -> String {
        cii("<rsm:SupplyChainTradeTransaction>\(transaction)</rsm:SupplyChainTradeTransaction>")
    }

    /// The business terms of a document given as text; fails the test when it is no invoice.
    static func terms(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> BusinessTerms {
        try #require(try BusinessTermsExtractor.extract(from: Array(xml.utf8)), sourceLocation: sourceLocation)
    }
}
