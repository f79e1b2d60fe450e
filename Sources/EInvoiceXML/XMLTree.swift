/// The kind of an XDM node.
public enum NodeKind: UInt8, Sendable {
    case document = 0
    case element = 1
    case attribute = 2
    case text = 3
    case comment = 4
    case processingInstruction = 5
}

/// A well-formed document in a compact, read-only form made for XPath evaluation.
///
/// Nodes are numbered in document order (XPath 2.0 §2.4.1): the document node is 0, an element is followed
/// by its attributes and then by its descendants, so `index < other` is document order and the descendants of
/// `n` are exactly the nodes `n + 1 ..< end(n)`. Adjacent text and CDATA are merged into one text node.
/// Names are interned (``NameTable``). Not `Sendable` by design: one document belongs to one task.
public final class XMLTree {
    /// Identifiers at or above this value name nodes whose names no rule mentions; see ``localNames``.
    public static let localNameBase: Int32 = 1 << 24

    /// The node arrays, filled by ``XMLTreeBuilder`` and frozen into the tree.
    struct Storage {
        var kinds: [NodeKind] = []
        var nameIDs: [Int32] = []
        var prefixIDs: [Int32] = []
        var parents: [Int32] = []
        var ends: [Int32] = []
        var nextSiblings: [Int32] = []
        var firstChildren: [Int32] = []
        var lines: [Int32] = []
        var values: [String] = []
        var localNames: [QName] = []
        var prefixes: [String] = [""]
    }

    // Immutable after construction: reads need no exclusivity checks.
    @usableFromInline let kinds: [NodeKind]
    @usableFromInline let nameIDs: [Int32]
    @usableFromInline let prefixIDs: [Int32]
    @usableFromInline let parents: [Int32]
    @usableFromInline let ends: [Int32]
    @usableFromInline let nextSiblings: [Int32]
    @usableFromInline let firstChildren: [Int32]
    @usableFromInline let lines: [Int32]
    @usableFromInline let values: [String]

    /// Names of this document that are not in ``NameTable/shared``, at `localNameBase + index`.
    public let localNames: [QName]
    /// Prefixes as written in the document; index 0 is the empty prefix.
    public let prefixes: [String]
    /// Elements and attributes grouped by (name, kind), each group in document order.
    @usableFromInline let nodesByName: [Int32]
    /// Where each group of ``nodesByName`` starts: the group of the name in slot `n` (see ``nameSlot(_:)``) and
    /// kind element is at `2 * n`, of kind attribute at `2 * n + 1`; one more entry marks the end of the last group.
    @usableFromInline let nameGroupStarts: [Int32]
    /// Slots of shared names; local names follow.
    @usableFromInline let sharedNameSlots: Int32
    /// The names of the document's elements, each once.
    public let elementNames: [Int32]

    init(_ storage: Storage) {
        kinds = storage.kinds
        nameIDs = storage.nameIDs
        prefixIDs = storage.prefixIDs
        parents = storage.parents
        ends = storage.ends
        nextSiblings = storage.nextSiblings
        firstChildren = storage.firstChildren
        lines = storage.lines
        values = storage.values
        localNames = storage.localNames
        prefixes = storage.prefixes
        var maxID: Int32 = -1
        for id in storage.nameIDs where id > maxID && id < Self.localNameBase { maxID = id }
        sharedNameSlots = maxID + 1
        (nodesByName, nameGroupStarts, elementNames) = Self.indexByName(
            kinds: storage.kinds,
            nameIDs: storage.nameIDs,
            slots: Int(maxID + 1) + storage.localNames.count,
            sharedSlots: maxID + 1
        )
    }

    /// A counting sort of the elements and attributes by name: two passes over the nodes, no hashing.
    private static func indexByName(
        kinds: [NodeKind],
        nameIDs: [Int32],
        slots: Int,
        sharedSlots: Int32
    ) -> ([Int32], [Int32], [Int32]) {
        func group(_ index: Int) -> Int? {
            let id = nameIDs[index]
            if id < 0 { return nil }
            let slot = id < localNameBase ? Int(id) : Int(sharedSlots) + Int(id - localNameBase)
            switch kinds[index] {
            case .element: return 2 * slot
            case .attribute: return 2 * slot + 1
            default: return nil
            }
        }
        var starts = [Int32](repeating: 0, count: 2 * slots + 1)
        for index in nameIDs.indices {
            if let group = group(index) { starts[group + 1] += 1 }
        }
        var names: [Int32] = []
        for slot in 0..<slots where starts[2 * slot + 1] > 0 {
            names.append(slot < sharedSlots ? Int32(slot) : localNameBase + Int32(slot) - sharedSlots)
        }
        for group in starts.indices.dropFirst() { starts[group] += starts[group - 1] }
        var next = starts
        var nodes = [Int32](repeating: 0, count: Int(starts[starts.count - 1]))
        for index in nameIDs.indices {
            guard let group = group(index) else { continue }
            nodes[Int(next[group])] = Int32(index)
            next[group] += 1
        }
        return (nodes, starts, names)
    }

    /// The elements named `id`, in document order.
    @inlinable public func elements(named id: Int32) -> ArraySlice<Int32> { nodes(named: id, group: 0) }

    /// The attributes named `id`, in document order.
    @inlinable public func attributes(named id: Int32) -> ArraySlice<Int32> { nodes(named: id, group: 1) }

    @inlinable func nodes(named id: Int32, group: Int) -> ArraySlice<Int32> {
        let slot: Int
        if id < sharedNameSlots {
            if id < 0 { return [] }
            slot = Int(id)
        } else {
            // A shared name interned after this document was read has no nodes here.
            if id < Self.localNameBase { return [] }
            slot = Int(sharedNameSlots) + Int(id - Self.localNameBase)
        }
        let index = 2 * slot + group
        guard index + 1 < nameGroupStarts.count else { return [] }
        return nodesByName[Int(nameGroupStarts[index])..<Int(nameGroupStarts[index + 1])]
    }

    /// The number of nodes, the document node included.
    @inlinable public var count: Int { kinds.count }

    /// The document node.
    public var root: Int32 { 0 }

    @inlinable public func kind(_ node: Int32) -> NodeKind { kinds[Int(node)] }
    /// The interned name of an element, attribute or processing instruction (-1 for other nodes).
    @inlinable public func nameID(_ node: Int32) -> Int32 { nameIDs[Int(node)] }
    /// The parent (-1 for the document node). The parent of an attribute is its element.
    @inlinable public func parent(_ node: Int32) -> Int32 { parents[Int(node)] }
    /// One past the last node of the subtree (attributes and descendants) rooted at `node`.
    @inlinable public func end(_ node: Int32) -> Int32 { ends[Int(node)] }
    /// The next sibling of the same sort (child or attribute), or -1.
    @inlinable public func nextSibling(_ node: Int32) -> Int32 { nextSiblings[Int(node)] }
    /// The first child (never an attribute), or -1.
    @inlinable public func firstChild(_ node: Int32) -> Int32 { firstChildren[Int(node)] }
    /// The first attribute of an element, or -1.
    @inlinable public func firstAttribute(_ node: Int32) -> Int32 {
        let next = Int(node) + 1
        return next < kinds.count && kinds[next] == .attribute && parents[next] == node ? Int32(next) : -1
    }
    /// The 1-based line of the node in the source (elements: the line of the start tag).
    @inlinable public func line(_ node: Int32) -> Int32 { lines[Int(node)] }
    /// The value of a text, attribute, comment or processing-instruction node; empty otherwise.
    @inlinable public func value(_ node: Int32) -> String { values[Int(node)] }

    /// The expanded name of a node that has one.
    public func name(_ node: Int32) -> QName? {
        let id = nameIDs[Int(node)]
        if id < 0 { return nil }
        if id >= Self.localNameBase { return localNames[Int(id - Self.localNameBase)] }
        return NameTable.shared.name(id)
    }

    /// The prefix the document used for the node's name (empty when none).
    /// The index of the node's prefix in ``prefixes``.
    @inlinable public func prefixID(_ node: Int32) -> Int32 { prefixIDs[Int(node)] }

    public func prefix(_ node: Int32) -> String { prefixes[Int(prefixIDs[Int(node)])] }

    /// The XPath string value (XPath 2.0 §2.5.2): the concatenated text descendants of a document or element.
    public func stringValue(_ node: Int32) -> String {
        switch kinds[Int(node)] {
        case .document, .element:
            let first = Int(node) + 1
            let end = Int(ends[Int(node)])
            if first == end { return "" }
            if first + 1 == end { return kinds[first] == .text ? values[first] : "" }
            // Often a single text after attributes (`<cbc:Amount currencyID="EUR">1.00</cbc:Amount>`): no copy.
            var index = first
            while index < end, kinds[index] != .text { index += 1 }
            if index == end { return "" }
            var result = values[index]
            index += 1
            while index < end {
                if kinds[index] == .text { result += values[index] }
                index += 1
            }
            return result
        default:
            return values[Int(node)]
        }
    }

    /// Whether the subtree of `node` holds any element child.
    public func hasElementChild(_ node: Int32) -> Bool {
        var child = firstChildren[Int(node)]
        while child >= 0 {
            if kinds[Int(child)] == .element { return true }
            child = nextSiblings[Int(child)]
        }
        return false
    }
}
