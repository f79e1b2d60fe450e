/// The namespaces of the invoice syntaxes (UBL 2.1, UN/CEFACT CII D16B).
public enum InvoiceNamespaces {
    /// The prefixes conventionally used for them, as the reference's reports write paths (see the corpus README).
    public static let conventionalPrefixes: [String: String] = [
        "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "ubl",
        "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "cn",
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
        "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
        "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
        "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
        "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
        "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
    ]
}
