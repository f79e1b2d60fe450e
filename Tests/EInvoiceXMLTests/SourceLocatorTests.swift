import EInvoiceXML
import Foundation
import Testing

/// Lines and columns of elements and attributes found again in the source (``SourceLocator``), and the nodes
/// that name them (``XMLTree/sourceNodes(_:)``, ``ParsedDocument/validateLocating(against:)``).
@Suite struct SourceLocatorTests {
    /// The positions of every element of `text`, in document order, found through the parsed tree.
    private func elementPositions(_ bytes: [UInt8]) throws -> [SourcePosition?] {
        let tree = try ParsedDocument.parse(bytes).tree
        let elements = (0..<Int32(tree.count)).filter { tree.kind($0) == .element }
        let nodes = tree.sourceNodes(elements)
        let positions = SourceLocator(bytes).positions(of: nodes.compactMap(\.self))
        return nodes.map { $0.flatMap { positions[$0] } }
    }

    private func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    @Test func findsStartTagsOfAMultiLineDocument() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- <not> an element -->
            <r xmlns="urn:r">
              <a k="1">x</a>
                <b/>
            \t<c><?pi <no/>?><![CDATA[<nor/>]]></c>
            </r>
            """
        #expect(try elementPositions(Array(text.utf8)) == [at(3, 1), at(4, 3), at(5, 5), at(6, 2)])
    }

    @Test func findsStartTagsOfAMinifiedDocument() throws {
        let text = #"<?xml version="1.0"?><r><a v="a>b"/><!--<x>--><b><![CDATA[<y>]]></b><c/><d>t</d></r>"#
        #expect(try elementPositions(Array(text.utf8)) == [at(1, 22), at(1, 25), at(1, 47), at(1, 69), at(1, 73)])
    }

    @Test func countsCharactersNotBytes() throws {
        // ä, € and 😀 take 2, 3 and 4 bytes in UTF-8; each is one character.
        let text = "<r>\n<a>ä€😀</a><b/>\n\t<c/></r>"
        #expect(try elementPositions(Array(text.utf8)) == [at(1, 1), at(2, 1), at(2, 11), at(3, 2)])
        let withMark = [0xEF, 0xBB, 0xBF] + Array("<r><a/></r>".utf8)
        #expect(try elementPositions(withMark) == [at(1, 1), at(1, 4)])
    }

    @Test func readsSingleByteEncodings() throws {
        // "ü" is the one byte 0xFC in ISO-8859-1.
        let bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><r>"#.utf8) + [0xFC] + Array("<a/></r>".utf8)
        #expect(try elementPositions(bytes) == [at(1, 44), at(1, 48)])
    }

    @Test(arguments: [true, false])
    func readsUTF16(bigEndian: Bool) throws {
        let text = "\u{FEFF}<r>\n 😀<a b=\"1\"/></r>"
        var bytes: [UInt8] = []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        #expect(try elementPositions(bytes) == [at(1, 1), at(2, 3)])
        let attribute = SourceNode(element: 1, attribute: 0)
        #expect(SourceLocator(bytes).positions(of: [attribute]) == [attribute: at(2, 6)])
    }

    @Test func findsAttributesByTheirPlaceAmongAttributes() throws {
        let text = """
            <r xmlns="urn:r" xmlns:p="urn:p"
               a="1"
               p:b = '2' c="&gt;"/>
            """
        let bytes = Array(text.utf8)
        let tree = try ParsedDocument.parse(bytes).tree
        let root = try #require(tree.firstElementChild(0))
        let attributes = [root + 1, root + 2, root + 3]
        #expect(attributes.map { tree.kind($0) } == [.attribute, .attribute, .attribute])
        let nodes = tree.sourceNodes(attributes)
        #expect(nodes == [0, 1, 2].map { SourceNode(element: 0, attribute: $0) })
        let positions = SourceLocator(bytes).positions(of: nodes.compactMap(\.self))
        #expect(nodes.map { $0.flatMap { positions[$0] } } == [at(2, 4), at(3, 4), at(3, 14)])
    }

    @Test func locatesTextByItsElementAndLeavesTheDocumentNodeOut() throws {
        let tree = try ParsedDocument.parse(Array("<r><a>x</a></r>".utf8)).tree
        let text = try #require((0..<Int32(tree.count)).first { tree.kind($0) == .text })
        #expect(tree.sourceNodes([text, 0]) == [SourceNode(element: 1), nil])
    }

    @Test func agreesWithTheParsersLinesForOneLineTags() throws {
        let text = "<r>\n" + (1...200).map { "  <e n=\"\($0)\">\($0)</e>\n" }.joined() + "</r>"
        let bytes = Array(text.utf8)
        let tree = try ParsedDocument.parse(bytes).tree
        let elements = (0..<Int32(tree.count)).filter { tree.kind($0) == .element }
        let positions = try elementPositions(bytes)
        #expect(positions.map { $0?.line } == elements.map { Int(tree.line($0)) })
        #expect(positions.dropFirst().allSatisfy { $0?.column == 3 })
    }

    @Test func startsAMultiLineStartTagWhereTheParserSeesItsEnd() throws {
        // libxml2 lines an element where its start tag ends; the locator where it begins.
        let bytes = Array("<r>\n  <a\n    k=\"1\"\n  >x</a>\n</r>".utf8)
        let tree = try ParsedDocument.parse(bytes).tree
        let root = try #require(tree.firstElementChild(0))
        #expect(tree.elementChildren(root).map { tree.line($0) } == [4])
        #expect(try elementPositions(bytes) == [at(1, 1), at(2, 3)])
    }

    @Test func cutsAnElementOutWithItsNamespaceDeclarations() throws {
        let text = """
            <s xmlns="urn:s" xmlns:q='urn:q'><!-- <x> -->
              <x a=">"><y/><x><z>t</z></x></x>
              <w/>
            </s>
            """
        let locator = SourceLocator(Array(text.utf8))
        #expect(locator.elementText(1) == #"<x a=">"><y/><x><z>t</z></x></x>"#)
        #expect(locator.elementText(2) == "<y/>")
        #expect(locator.elementText(6) == nil)
        #expect(locator.namespaceDeclarations(ofElement: 0) == [#"xmlns="urn:s""#, "xmlns:q='urn:q'"])
        #expect(locator.namespaceDeclarations(ofElement: 1).isEmpty)
    }

    @Test func namesTheNodesOfXMLSchemaErrors() throws {
        let schemaText = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
                       elementFormDefault="qualified">
              <xs:element name="a">
                <xs:complexType>
                  <xs:sequence><xs:element name="n" type="xs:decimal" maxOccurs="2"/></xs:sequence>
                  <xs:attribute name="k" type="xs:date"/>
                </xs:complexType>
              </xs:element>
            </xs:schema>
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eingang-\(UUID().uuidString).xsd")
            .path
        try Data(schemaText.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema = try XMLSchema(contentsOf: path)
        let text = "<a xmlns=\"urn:t\" j=\"\" k=\"tomorrow\"><n>1</n><n>x</n><n>3</n></a>"
        let result = try ParsedDocument.parse(Array(text.utf8)).validateLocating(against: schema)
        #expect(result.violations.count == 4)
        // libxml2 names the element for an attribute's error.
        #expect(result.nodes == [0, 0, 2, 3].map { SourceNode(element: $0) })
        let positions = SourceLocator(Array(text.utf8)).positions(of: result.nodes.compactMap(\.self))
        #expect(result.nodes.map { $0.flatMap { positions[$0] } } == [at(1, 1), at(1, 1), at(1, 44), at(1, 52)])
    }
}
