extension XMLTree {
    /// Each node as a ``SourceNode``, for ``SourceLocator``: an element by its ordinal among elements, an
    /// attribute by its element and its index among the element's attributes; text, comments and processing
    /// instructions by the element that holds them. nil for the document node and what lies outside the document
    /// element.
    ///
    /// One pass over the tree up to the last node asked for.
    public func sourceNodes(_ nodes: [Int32]) -> [SourceNode?] {
        // The element that locates each node, and its attribute index.
        var owners: [(element: Int32, attribute: Int?)?] = []
        owners.reserveCapacity(nodes.count)
        for node in nodes {
            guard node > 0, Int(node) < count else {
                owners.append(nil)
                continue
            }
            switch kind(node) {
            case .element:
                owners.append((node, nil))
            case .attribute:
                let element = parent(node)
                owners.append((element, Int(node - element - 1)))
            default:
                let element = parent(node)
                owners.append(element > 0 && kind(element) == .element ? (element, nil) : nil)
            }
        }
        let elements = Set(owners.compactMap { $0?.element }).sorted()
        var ordinals: [Int32: Int] = [:]
        var ordinal = -1
        var next = 0
        var index = 1
        while next < elements.count {
            if kind(Int32(index)) == .element {
                ordinal += 1
                if Int32(index) == elements[next] {
                    ordinals[elements[next]] = ordinal
                    next += 1
                }
            }
            index += 1
        }
        return owners.map { owner in
            owner.flatMap { owner in ordinals[owner.element].map { SourceNode(element: $0, attribute: owner.attribute) }
            }
        }
    }
}
