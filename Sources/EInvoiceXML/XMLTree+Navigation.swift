extension XMLTree {
    /// The element children of `node`, in document order.
    public func elementChildren(_ node: Int32) -> [Int32] {
        var result: [Int32] = []
        var child = firstChild(node)
        while child >= 0 {
            if kind(child) == .element { result.append(child) }
            child = nextSibling(child)
        }
        return result
    }

    /// All children (elements, text, comments, processing instructions) of `node`, in document order.
    public func children(_ node: Int32) -> [Int32] {
        var result: [Int32] = []
        var child = firstChild(node)
        while child >= 0 {
            result.append(child)
            child = nextSibling(child)
        }
        return result
    }

    /// The value of the attribute `local` in no namespace, or nil.
    public func attribute(_ node: Int32, _ local: String) -> String? {
        var attribute = firstAttribute(node)
        while attribute >= 0 {
            if let name = name(attribute), name.namespace.isEmpty, name.local == local { return value(attribute) }
            attribute = nextSibling(attribute)
        }
        return nil
    }

    /// The first element child, if any (the document element when `node` is the document node).
    public func firstElementChild(_ node: Int32) -> Int32? {
        var child = firstChild(node)
        while child >= 0 {
            if kind(child) == .element { return child }
            child = nextSibling(child)
        }
        return nil
    }
}
