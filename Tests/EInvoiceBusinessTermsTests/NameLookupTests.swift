import EInvoiceXML
import Testing

@testable import EInvoiceBusinessTerms

/// A vocabulary no other code interns, so that a tree built before it is interned holds its names as local ones.
private enum ProbeName: String, Vocabulary {
    static let namespaces = ["p": "urn:eingang:test:name-lookup"]
    case first = "p:First"
    case second = "p:Second"
    case code = "code"
}

@Suite struct NameLookupTests {
    /// Trees parsed before the readers' names were interned carry them as local names; trees parsed after as
    /// shared ones. Both are found.
    @Test func findsNamesInternedBeforeAndAfterTheTreeWasBuilt() throws {
        let xml = #"<p:First xmlns:p="urn:eingang:test:name-lookup" code="7"><p:Second/><p:Other/></p:First>"#
        let before = try ParsedDocument.parse(Array(xml.utf8)).tree
        let vocabulary = InternedVocabulary<ProbeName>()
        let after = try ParsedDocument.parse(Array(xml.utf8)).tree
        for tree in [before, after] {
            let names = NameLookup(tree, vocabulary)
            let root = try #require(tree.firstElementChild(tree.root))
            #expect(names[root] == .first)
            #expect(tree.elementChildren(root).map { names[$0] } == [.second, nil])
            #expect(names[tree.firstAttribute(root)] == .code)
        }
        let root = try #require(before.firstElementChild(before.root))
        #expect(before.nameID(root) >= XMLTree.localNameBase)
        #expect(after.nameID(try #require(after.firstElementChild(after.root))) < XMLTree.localNameBase)
    }
}
