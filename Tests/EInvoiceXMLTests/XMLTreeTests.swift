import EInvoiceXML
import Testing

@Suite struct XMLTreeTests {
    private let source = """
        <?xml version="1.0"?>
        <r xmlns:p="urn:p" a="1" p:b="2">
          <p:x>text<![CDATA[ & more]]></p:x>
          <!-- note -->
          <y/>
        </r>
        """

    @Test func numbersNodesInDocumentOrderWithAttributesFirst() throws {
        let tree = try ParsedDocument.parse(Array(source.utf8)).tree
        let root = try #require(tree.firstElementChild(0))
        #expect(tree.name(root) == QName(namespace: "", local: "r"))
        #expect(tree.kind(root + 1) == .attribute)
        #expect(tree.kind(root + 2) == .attribute)
        #expect(tree.attribute(root, "a") == "1")
        #expect(tree.prefix(root + 2) == "p")
        #expect(tree.end(root) == Int32(tree.count))
    }

    @Test func mergesCDATAIntoTextAndKeepsWhitespace() throws {
        let tree = try ParsedDocument.parse(Array(source.utf8)).tree
        let root = try #require(tree.firstElementChild(0))
        let elements = tree.elementChildren(root)
        #expect(elements.count == 2)
        #expect(tree.stringValue(elements[0]) == "text & more")
        #expect(tree.name(elements[0]) == QName(namespace: "urn:p", local: "x"))
        let kinds = tree.children(root).map { tree.kind($0) }
        #expect(kinds == [.text, .element, .text, .comment, .text, .element, .text])
    }

    @Test func keepsLineNumbers() throws {
        let tree = try ParsedDocument.parse(Array(source.utf8)).tree
        let root = try #require(tree.firstElementChild(0))
        #expect(tree.line(root) == 2)
        #expect(tree.line(tree.elementChildren(root)[1]) == 5)
    }
}
