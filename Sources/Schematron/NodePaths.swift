import EInvoiceXML

/// Writes the location of a context node the way the reference's reports do: `path` with the conventional
/// prefixes of the invoice syntaxes, `location` in EQName form. Memoised per document.
struct NodePaths {
    let tree: XMLTree
    private var pathCache: [Int32: String] = [:]
    private var locationCache: [Int32: String] = [:]

    init(tree: XMLTree) { self.tree = tree }

    private func step(_ node: Int32, eqName: Bool) -> String {
        switch tree.kind(node) {
        case .document: return ""
        case .attribute:
            let name = tree.name(node)!
            if name.namespace.isEmpty { return "@" + name.local }
            return "@"
                + (eqName
                    ? name.description
                    : (InvoiceNamespaces.conventionalPrefixes[name.namespace].map { $0 + ":" + name.local }
                        ?? name.description))
        case .element:
            let name = tree.name(node)!
            let id = tree.nameID(node)
            var position = 1
            var sibling = tree.firstChild(tree.parent(node))
            while sibling >= 0 && sibling != node {
                if tree.kind(sibling) == .element && tree.nameID(sibling) == id { position += 1 }
                sibling = tree.nextSibling(sibling)
            }
            let written: String
            if eqName {
                written = name.description
            } else if let prefix = InvoiceNamespaces.conventionalPrefixes[name.namespace] {
                written = prefix + ":" + name.local
            } else if name.namespace.isEmpty {
                written = name.local
            } else {
                written = name.description
            }
            return "\(written)[\(position)]"
        case .text, .comment, .processingInstruction:
            let kind = tree.kind(node)
            var position = 1
            var sibling = tree.firstChild(tree.parent(node))
            while sibling >= 0 && sibling != node {
                if tree.kind(sibling) == kind { position += 1 }
                sibling = tree.nextSibling(sibling)
            }
            let test = kind == .text ? "text()" : kind == .comment ? "comment()" : "processing-instruction()"
            return "\(test)[\(position)]"
        }
    }

    mutating func path(_ node: Int32) -> String {
        if node == 0 { return "/" }
        if let cached = pathCache[node] { return cached }
        let parent = tree.parent(node)
        let result = (parent <= 0 ? "" : path(parent)) + "/" + step(node, eqName: false)
        pathCache[node] = result
        return result
    }

    mutating func location(_ node: Int32) -> String {
        if node == 0 { return "/" }
        if let cached = locationCache[node] { return cached }
        let parent = tree.parent(node)
        let result = (parent <= 0 ? "" : location(parent)) + "/" + step(node, eqName: true)
        locationCache[node] = result
        return result
    }
}
