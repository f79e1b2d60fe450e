import EInvoiceXML

/// Navigation of one tree in one vocabulary: element children, values and attributes by name identifier, no
/// string comparison of names and no XPath.
struct TreeReader<Name: Vocabulary> {
    let tree: XMLTree
    let names: NameLookup<Name>

    init(_ tree: XMLTree, _ vocabulary: InternedVocabulary<Name>) {
        self.tree = tree
        names = NameLookup(tree, vocabulary)
    }

    /// The element children of `node`, in document order.
    func elements(_ node: Int32) -> ElementChildren { ElementChildren(tree: tree, following: tree.firstChild(node)) }

    /// The first element child of `node` named `name`.
    func first(_ node: Int32, _ name: Name) -> Int32? {
        for child in elements(node) where names[child] == name { return child }
        return nil
    }

    /// The value of an element with XML whitespace around it removed (amounts, codes, identifiers, dates, names).
    func text(_ node: Int32) -> String { tree.stringValue(node).trimmingXMLWhitespace }

    /// The value of a free-text element exactly as written (notes, payment terms, descriptions).
    func freeText(_ node: Int32) -> String { tree.stringValue(node) }

    /// The trimmed value of the first child named `name`.
    func text(_ node: Int32, _ name: Name) -> String? { first(node, name).map(text) }

    /// The value of an attribute of `node`, trimmed.
    func attribute(_ node: Int32, _ name: Name) -> String? {
        var attribute = tree.firstAttribute(node)
        while attribute >= 0 {
            if names[attribute] == name { return tree.value(attribute).trimmingXMLWhitespace }
            attribute = tree.nextSibling(attribute)
        }
        return nil
    }
}

/// Sets a business term EN 16931 allows once from its first occurrence: later ones do not replace it.
func first(_ term: inout String?, _ value: String?) {
    if term == nil { term = value }
}

/// The element children of a node, without allocating.
struct ElementChildren: Sequence, IteratorProtocol {
    let tree: XMLTree
    var following: Int32

    mutating func next() -> Int32? {
        while following >= 0 {
            let node = following
            following = tree.nextSibling(node)
            if tree.kind(node) == .element { return node }
        }
        return nil
    }
}
