extension XMLTree {
    /// The same document as if it were read now: names that were interned in ``NameTable/shared`` since it was
    /// read (rules compiled in the meantime) get their shared identifiers, the remaining local names keep their
    /// order. Cheaper than reading the document again; the node arrays are shared, not copied.
    public func withSharedNames() -> XMLTree {
        var shared: [Int32?] = []
        shared.reserveCapacity(localNames.count)
        for name in localNames { shared.append(NameTable.shared.lookup(name)) }
        if shared.allSatisfy({ $0 == nil }) { return self }
        var renumbered: [Int32] = []
        var remaining: [QName] = []
        renumbered.reserveCapacity(localNames.count)
        for (index, id) in shared.enumerated() {
            if let id {
                renumbered.append(id)
            } else {
                renumbered.append(Self.localNameBase + Int32(remaining.count))
                remaining.append(localNames[index])
            }
        }
        var storage = Storage()
        storage.kinds = kinds
        storage.nameIDs = nameIDs.map { $0 >= Self.localNameBase ? renumbered[Int($0 - Self.localNameBase)] : $0 }
        storage.prefixIDs = prefixIDs
        storage.parents = parents
        storage.ends = ends
        storage.nextSiblings = nextSiblings
        storage.firstChildren = firstChildren
        storage.lines = lines
        storage.values = values
        storage.localNames = remaining
        storage.prefixes = prefixes
        return XMLTree(storage)
    }
}
