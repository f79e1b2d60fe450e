/// Builds an ``XMLTree`` from a depth-first walk: start and end elements, attributes directly after their
/// start, then content. Text and CDATA added one after another become one text node.
public struct XMLTreeBuilder: ~Copyable {
    private var tree = XMLTree.Storage()
    private var open: [Int32] = [0]
    private var lastChild: [Int32] = [-1]
    private var lastAttribute: Int32 = -1
    private var localIDs: [QName: Int32] = [:]
    private var prefixIDs: [String: Int32] = ["": 0]

    public init() {
        _ = append(kind: .document, name: -1, prefix: 0, parent: -1, line: 0, value: "")
    }

    /// A builder with room for about `nodes` nodes, so that a large document's arrays are not copied as they grow.
    init(expectedNodes nodes: Int) {
        self.init()
        tree.kinds.reserveCapacity(nodes)
        tree.nameIDs.reserveCapacity(nodes)
        tree.prefixIDs.reserveCapacity(nodes)
        tree.parents.reserveCapacity(nodes)
        tree.ends.reserveCapacity(nodes)
        tree.nextSiblings.reserveCapacity(nodes)
        tree.firstChildren.reserveCapacity(nodes)
        tree.lines.reserveCapacity(nodes)
        tree.values.reserveCapacity(nodes)
    }

    private mutating func append(
        kind: NodeKind,
        name: Int32,
        prefix: Int32,
        parent: Int32,
        line: Int32,
        value: String
    )
        -> Int32
    {
        let index = Int32(tree.kinds.count)
        tree.kinds.append(kind)
        tree.nameIDs.append(name)
        tree.prefixIDs.append(prefix)
        tree.parents.append(parent)
        tree.ends.append(index + 1)
        tree.nextSiblings.append(-1)
        tree.firstChildren.append(-1)
        tree.lines.append(line)
        tree.values.append(value)
        return index
    }

    /// The identifier of a name: shared when a rule interned it, else local to this document.
    public mutating func nameID(_ name: QName) -> Int32 {
        if let id = NameTable.shared.lookup(name) { return id }
        if let id = localIDs[name] { return id }
        let id = XMLTree.localNameBase + Int32(tree.localNames.count)
        tree.localNames.append(name)
        localIDs[name] = id
        return id
    }

    /// The identifier of a prefix as written in the document.
    mutating func prefixID(_ prefix: String) -> Int32 {
        if let id = prefixIDs[prefix] { return id }
        let id = Int32(tree.prefixes.count)
        tree.prefixes.append(prefix)
        prefixIDs[prefix] = id
        return id
    }

    private mutating func link(_ node: Int32) {
        let parent = open[open.count - 1]
        let previous = lastChild[lastChild.count - 1]
        if previous < 0 {
            tree.firstChildren[Int(parent)] = node
        } else {
            tree.nextSiblings[Int(previous)] = node
        }
        lastChild[lastChild.count - 1] = node
    }

    /// Opens an element; its attributes must follow before any content.
    public mutating func startElement(_ name: QName, prefix: String = "", line: Int) {
        startElement(nameID: nameID(name), prefixID: prefixID(prefix), line: line)
    }

    /// Opens an element named by identifiers from ``nameID(_:)`` and ``prefixID(_:)``, which the parser
    /// caches per libxml2 name so that it hashes each distinct name once per document.
    mutating func startElement(nameID: Int32, prefixID: Int32, line: Int) {
        let node = append(
            kind: .element,
            name: nameID,
            prefix: prefixID,
            parent: open[open.count - 1],
            line: Int32(clamping: line),
            value: ""
        )
        link(node)
        open.append(node)
        lastChild.append(-1)
        lastAttribute = -1
    }

    /// Adds an attribute to the element just opened.
    public mutating func attribute(_ name: QName, prefix: String = "", value: String, line: Int) {
        attribute(nameID: nameID(name), prefixID: prefixID(prefix), value: value, line: line)
    }

    /// Adds an attribute named by identifiers from ``nameID(_:)`` and ``prefixID(_:)``.
    mutating func attribute(nameID: Int32, prefixID: Int32, value: String, line: Int) {
        let parent = open[open.count - 1]
        let node = append(
            kind: .attribute,
            name: nameID,
            prefix: prefixID,
            parent: parent,
            line: Int32(clamping: line),
            value: value
        )
        if lastAttribute >= 0 { tree.nextSiblings[Int(lastAttribute)] = node }
        lastAttribute = node
    }

    /// Adds character data (text or CDATA), merged with a text node just before it.
    public mutating func text(_ value: String, line: Int) {
        if value.isEmpty { return }
        let previous = lastChild[lastChild.count - 1]
        if previous >= 0, tree.kinds[Int(previous)] == .text, Int(previous) == tree.kinds.count - 1 {
            tree.values[Int(previous)] += value
            return
        }
        let node = append(
            kind: .text,
            name: -1,
            prefix: 0,
            parent: open[open.count - 1],
            line: Int32(clamping: line),
            value: value
        )
        link(node)
    }

    /// Adds a comment.
    public mutating func comment(_ value: String, line: Int) {
        let node = append(
            kind: .comment,
            name: -1,
            prefix: 0,
            parent: open[open.count - 1],
            line: Int32(clamping: line),
            value: value
        )
        link(node)
    }

    /// Adds a processing instruction.
    public mutating func processingInstruction(target: String, value: String, line: Int) {
        let node = append(
            kind: .processingInstruction,
            name: nameID(QName(namespace: "", local: target)),
            prefix: 0,
            parent: open[open.count - 1],
            line: Int32(clamping: line),
            value: value
        )
        link(node)
    }

    /// Closes the element opened last.
    public mutating func endElement() {
        let node = open.removeLast()
        lastChild.removeLast()
        lastAttribute = -1
        tree.ends[Int(node)] = Int32(tree.kinds.count)
    }

    /// The finished tree.
    public consuming func finish() -> XMLTree {
        tree.ends[0] = Int32(tree.kinds.count)
        return XMLTree(tree)
    }
}
