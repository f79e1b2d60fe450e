import EInvoiceXML
import Testing

/// The ``XMLTree`` that parsing builds: document order, attributes after their element, merged text, kept
/// whitespace, names, prefixes and lines.
@Suite struct XMLTreeTests {
    private let source = """
        <?xml version="1.0"?>
        <r xmlns:p="urn:p" a="1" p:b="2">
          <p:x>text<![CDATA[ & more]]></p:x>
          <!-- note -->
          <y/>
        </r>
        """

    private func tree(_ text: String) throws -> XMLTree {
        try ParsedDocument.parse(Array(text.utf8)).tree
    }

    @Test func numbersNodesInDocumentOrderWithAttributesFirst() throws {
        let tree = try tree(source)
        let root = try #require(tree.firstElementChild(0))
        #expect(tree.name(root) == QName(namespace: "", local: "r"))
        #expect(tree.kind(root + 1) == .attribute)
        #expect(tree.kind(root + 2) == .attribute)
        #expect(tree.attribute(root, "a") == "1")
        #expect(tree.prefix(root + 2) == "p")
        #expect(tree.end(root) == Int32(tree.count))
    }

    @Test func mergesCDATAIntoTextAndKeepsWhitespace() throws {
        let tree = try tree(source)
        let root = try #require(tree.firstElementChild(0))
        let elements = tree.elementChildren(root)
        #expect(elements.count == 2)
        #expect(tree.stringValue(elements[0]) == "text & more")
        #expect(tree.name(elements[0]) == QName(namespace: "urn:p", local: "x"))
        let kinds = tree.children(root).map { tree.kind($0) }
        #expect(kinds == [.text, .element, .text, .comment, .text, .element, .text])
        #expect(tree.value(tree.children(root)[0]) == "\n  ")
    }

    @Test func keepsLineNumbers() throws {
        let tree = try tree(source)
        let root = try #require(tree.firstElementChild(0))
        #expect(tree.line(root) == 2)
        #expect(tree.line(tree.elementChildren(root)[1]) == 5)
    }

    @Test func listsEveryNodeInDocumentOrder() throws {
        let tree = try tree(
            """
            <?pi first?><!--c0--><r xmlns="urn:d" xmlns:q="urn:q" q:a="1" b="&amp;&#x41;">
            <q:e xml:lang="de">x&lt;y</q:e><e/></r><!--c1-->
            """
        )
        let nodes = (0..<Int32(tree.count)).map { node in
            let name = tree.name(node).map { "\($0)" } ?? ""
            return "\(tree.kind(node)) \(name) \(tree.prefix(node)) \(tree.value(node)) @\(tree.parent(node))"
        }
        #expect(
            nodes == [
                "document    @-1",
                "processingInstruction Q{}pi  first @0",
                "comment   c0 @0",
                "element Q{urn:d}r   @0",
                "attribute Q{urn:q}a q 1 @3",
                "attribute Q{}b  &A @3",
                "text   \n @3",
                "element Q{urn:q}e q  @3",
                "attribute Q{http://www.w3.org/XML/1998/namespace}lang xml de @7",
                "text   x<y @7",
                "element Q{urn:d}e   @3",
                "comment   c1 @0",
            ]
        )
        // Namespace declarations are not attributes.
        #expect(tree.attribute(3, "xmlns") == nil)
        #expect(tree.end(3) == 11)
        #expect(tree.end(7) == 10)
        #expect(tree.end(10) == 11)
        #expect(tree.nextSibling(4) == 5)
        #expect(tree.nextSibling(5) == -1)
        #expect(tree.firstChild(3) == 6)
        #expect(tree.firstAttribute(6) == -1)
        #expect(tree.stringValue(0) == "\nx<y")
    }

    /// An element's line is where its start tag ends (as libxml2 and SAX parsers report it).
    @Test func givesAttributesTheLineOfTheirElement() throws {
        let tree = try tree("<a>\n\n<b\n c=\"1\"\n/>text\nmore</a>")
        #expect(tree.line(1) == 1)
        let b = try #require(tree.firstElementChild(1))
        #expect(tree.line(b) == 5)
        #expect(tree.line(b + 1) == 5)
        #expect(tree.stringValue(1) == "\n\ntext\nmore")
    }

    @Test func keepsExactLinesPast65535() throws {
        let padding = String(repeating: "\n", count: 70_000)
        let tree = try tree("<a>\(padding)<b>x</b>\n<!--c-->\n<c/></a>")
        let elements = tree.elementChildren(1)
        #expect(tree.line(elements[0]) == 70_001)
        #expect(tree.line(elements[1]) == 70_003)
        #expect(tree.line(tree.firstChild(elements[0])) == 70_001)
    }

    @Test func keepsWhitespaceOnlyTextNodes() throws {
        let tree = try tree("<a> <b>\t</b>\n</a>")
        #expect(tree.children(1).map { tree.kind($0) } == [.text, .element, .text])
        #expect(tree.stringValue(1) == " \t\n")
    }

    @Test func takesUpNamesInternedAfterReading() throws {
        // Names no one interned yet get local identifiers; once interned, the tree takes them up as a new parse would.
        let unique = "n" + String(UInt64.random(in: 0...UInt64.max))
        let text = "<r xmlns=\"urn:\(unique)\"><a\(unique)/><b\(unique) x=\"1\"/><a\(unique)/></r>"
        let early = try tree(text)
        let a = QName(namespace: "urn:\(unique)", local: "a\(unique)")
        let b = QName(namespace: "urn:\(unique)", local: "b\(unique)")
        #expect(early.elements(named: NameTable.shared.intern(b)).isEmpty)
        _ = NameTable.shared.intern(a)
        let refreshed = early.withSharedNames()
        let reparsed = try tree(text)
        #expect(
            (0..<Int32(reparsed.count)).map { refreshed.nameID($0) }
                == (0..<Int32(reparsed.count)).map { reparsed.nameID($0) }
        )
        #expect(refreshed.localNames == reparsed.localNames)
        #expect(Array(refreshed.elements(named: NameTable.shared.intern(a))) == [2, 5])
        #expect(Array(refreshed.elements(named: NameTable.shared.intern(b))) == [3])
        #expect(refreshed.withSharedNames() === refreshed)
    }

    @Test func sharesNameIdentifiersWithinADocument() throws {
        let tree = try tree("<a xmlns:p=\"urn:p\"><p:b/><c xmlns:q=\"urn:p\"><q:b p:b=\"\"/></c></a>")
        let first = try #require(tree.firstElementChild(1))
        let second = try #require(tree.firstElementChild(tree.elementChildren(1)[1]))
        #expect(tree.nameID(first) == tree.nameID(second))
        #expect(tree.nameID(second + 1) == tree.nameID(first))
        #expect(tree.prefix(first) == "p")
        #expect(tree.prefix(second) == "q")
        #expect(tree.value(second + 1) == "")
    }
}
