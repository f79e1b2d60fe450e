import Testing

@testable import EInvoiceXML

/// The three invoice schemas of the rules, loaded once and shared by all tests (``XMLSchema`` is `Sendable`).
enum InvoiceSchemas {
    static let loaded: Result<[QName: XMLSchema], any Error> = Result {
        let ubl = "urn:oasis:names:specification:ubl:schema:xsd:"
        let cii = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
        let files = [
            QName(namespace: ubl + "Invoice-2", local: "Invoice"): "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
            QName(namespace: ubl + "CreditNote-2", local: "CreditNote"): "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
            QName(namespace: cii, local: "CrossIndustryInvoice"): "cii-d16b/CrossIndustryInvoice_100pD16B.xsd",
        ]
        var schemas: [QName: XMLSchema] = [:]
        for (root, file) in files {
            schemas[root] = try XMLSchema(contentsOf: SharedData.path("rules/xsd/" + file))
        }
        return schemas
    }

    /// The schema for a document, chosen by its document element.
    static func schema(for document: ParsedDocument) throws -> XMLSchema {
        let tree = document.tree
        let root = try #require(tree.firstElementChild(tree.root))
        let name = try #require(tree.name(root))
        return try #require(try loaded.get()[name], "no schema for the document element \(name)")
    }
}

/// Every corpus document is well-formed or not as the reference found it, and where the reference ran the
/// XML Schema, libxml2 through ``ParsedDocument/validate(against:)`` reports exactly the reference's errors, and
/// its validation of the document as a stream gives the same verdict.
@Suite struct SchemaConformanceTests {
    @Test(arguments: try CorpusDocument.all())
    func agreesWithReference(_ expected: CorpusDocument) throws {
        let bytes = try SharedData.bytes(expected.file)
        let document: ParsedDocument
        do {
            document = try ParsedDocument.parse(bytes)
        } catch {
            #expect(!expected.wellformed, "the reference found it well-formed: \(error)")
            return
        }
        #expect(expected.wellformed, "the reference found it not well-formed")
        guard let xsdValid = expected.xsdValid else { return }
        let schema = try InvoiceSchemas.schema(for: document)
        let violations = document.validate(against: schema)
        #expect(violations.isEmpty == xsdValid)
        #expect(violations == expected.xsdErrors)
        // The stream gives the verdict by itself; libxml2's tree is built only for the errors of an invalid one.
        #expect(ParsedDocument.isValidAsStream(bytes, against: schema) == xsdValid)
    }

    @Test func reportsTheReferenceErrorOfUBL005() throws {
        let document = try ParsedDocument.parse(SharedData.bytes("corpus/kosit-config/instances/ubl005.xml"))
        let schema = try XMLSchema(contentsOf: SharedData.path("rules/xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"))
        let cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
        #expect(
            document.validate(against: schema) == [
                SchemaViolation(
                    line: 15,
                    column: 0,
                    type: "SCHEMAV_ELEMENT_CONTENT",
                    message: "Element '\(cbc)DueDate': This element is not expected. Expected is one of ( "
                        + "\(cbc)CopyIndicator, \(cbc)UUID, \(cbc)IssueDate )."
                )
            ]
        )
    }
}
