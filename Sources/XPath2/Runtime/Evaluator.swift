import EInvoiceXML

/// The focus of an evaluation (XPath 2.0 §2.1.2): context item, position and size.
struct Focus {
    var item: Item?
    var position: Int
    var size: Int

    static let none = Focus(item: nil, position: 0, size: 0)
}

/// A frame of local variables; slots are filled on first use when bound lazily (Schematron `let`, XSLT variables).
struct Frame {
    var values: [XDMSequence?]
    var pending: [(Plan, Focus)?]

    init(slots: Int) {
        values = Array(repeating: nil, count: slots)
        pending = Array(repeating: nil, count: slots)
    }
}

/// Evaluates compiled plans against one document. Holds the per-document dynamic context (XPath 2.0 §2.1.2):
/// lazily evaluated globals, the current frame of locals and the functions' definitions. Not `Sendable`.
public final class Evaluator {
    let tree: XMLTree
    let functions: [UserFunction]
    let globalPlans: [Plan]
    let regexes: [XPathRegex]
    let tokenLists: [TokenList]
    var globals: [XDMSequence?]
    var frame: Frame
    var callDepth = 0
    var memos: [XDMSequence?]
    /// Expanded names by interned id, so that wildcard tests do not take the name table's lock per node.
    var expandedNames: [Int32: QName] = [:]
    /// Values of name-only predicates by predicate id, then by (name, prefix).
    var namePredicateValues: [Int: [Int64: Bool]] = [:]
    /// The same values, shared by the documents of one program.
    let nameOnlyValues: NameOnlyValues
    /// The program-wide numbers of this document's prefixes (by the tree's prefix identifier; -2 not asked yet, -1
    /// none to be had).
    var prefixNumbers: [Int32] = []
    /// `name()` of nodes by (name, prefix): the lexical QName is built once per document.
    var qualifiedNames: [Int64: String] = [:]

    init(
        tree: XMLTree,
        functions: [UserFunction],
        globalPlans: [Plan],
        regexes: [XPathRegex],
        tokenLists: [TokenList] = [],
        slots: Int,
        memoCount: Int,
        nameOnlyValues: NameOnlyValues = NameOnlyValues()
    ) {
        self.nameOnlyValues = nameOnlyValues
        self.tree = tree
        self.functions = functions
        self.globalPlans = globalPlans
        self.regexes = regexes
        self.tokenLists = tokenLists
        globals = Array(repeating: nil, count: globalPlans.count)
        frame = Frame(slots: slots)
        memos = Array(repeating: nil, count: memoCount)
    }

    // MARK: Entry points

    /// Binds a local slot lazily: `plan` is evaluated with `focus` the first time the variable is read.
    func bindLazily(slot: Int, plan: Plan, focus: Focus) {
        if slot >= frame.values.count {
            frame.values.append(contentsOf: Array(repeating: nil, count: slot + 1 - frame.values.count))
            frame.pending.append(contentsOf: Array(repeating: nil, count: slot + 1 - frame.pending.count))
        }
        frame.values[slot] = nil
        frame.pending[slot] = (plan, focus)
    }

    // MARK: Core

    func eval(_ plan: Plan, _ focus: Focus) throws(XPathError) -> XDMSequence {
        switch plan {
        case .empty: return []
        case .constant(let item): return [item]
        case .contextItem:
            guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
            return [item]
        case .root:
            guard case .node = focus.item else { throw XPathError("XPDY0002", "no context node for '/'") }
            return [.node(0)]
        case .global(let index):
            if let value = globals[index] { return value }
            let value = try eval(globalPlans[index], Focus(item: .node(0), position: 1, size: 1))
            globals[index] = value
            return value
        case .local(let slot):
            if let value = frame.values[slot] { return value }
            guard let (pendingPlan, pendingFocus) = frame.pending[slot] else {
                throw XPathError("XPDY0002", "variable used before it is bound")
            }
            let value = try eval(pendingPlan, pendingFocus)
            frame.values[slot] = value
            return value
        case .sequence(let plans):
            var result: XDMSequence = []
            for p in plans { result.append(contentsOf: try eval(p, focus)) }
            return result
        case .path(let left, let right): return try evalPath(left, right, focus)
        case .descendantPath(let left, let right, let required):
            return try evalDescendantPath(left, right, required, focus)
        case .step(let axis, let test, let predicates):
            guard case .node(let node)? = focus.item else {
                throw XPathError(
                    focus.item == nil ? "XPDY0002" : "XPTY0020",
                    "the context item for an axis step is not a node"
                )
            }
            return try step(axis, test, predicates, from: node)
        case .filter(let primary, let predicates):
            var items = try eval(primary, focus)
            for predicate in predicates { items = try filter(items, predicate) }
            return items
        case .and, .or, .generalComparison, .builtin(.not, _), .builtin(.boolean, _), .builtin(.exists, _),
            .builtin(.empty, _), .builtin(.recovering, _), .tokenListContains:
            return Self.booleanSequence(try truth(plan, focus))
        case .valueComparison(let op, let l, let r):
            guard let a = try optionalAtom(l, focus), let b = try optionalAtom(r, focus) else { return [] }
            return Self.booleanSequence(try valueCompare(op, a, b, untypedAs: .string))
        case .nodeIs(let l, let r):
            guard let a = try singleNode(try eval(l, focus)), let b = try singleNode(try eval(r, focus)) else {
                return []
            }
            return Self.booleanSequence(a == b)
        case .nodeBefore(let l, let r):
            guard let a = try singleNode(try eval(l, focus)), let b = try singleNode(try eval(r, focus)) else {
                return []
            }
            return Self.booleanSequence(a < b)
        case .arithmetic(let op, let l, let r):
            guard let a = try optionalAtom(l, focus), let b = try optionalAtom(r, focus) else { return [] }
            return [try arithmetic(op, a, b)]
        case .negate(let operand):
            guard let a = try optionalAtom(operand, focus) else { return [] }
            return [try negate(a)]
        case .plus(let operand):
            guard let a = try optionalAtom(operand, focus) else { return [] }
            return [try numericOperand(a)]
        case .range(let l, let r):
            guard let a = try optionalAtom(l, focus), let b = try optionalAtom(r, focus) else { return [] }
            guard let from = try integerOperand(a).toInt(), let to = try integerOperand(b).toInt() else {
                throw XPathError("FOAR0002", "range bounds too large")
            }
            if from > to { return [] }
            if to - from > 10_000_000 { throw XPathError("FOAR0002", "range too large") }
            return (from...to).map { Item.int($0) }
        case .union(let l, let r):
            var nodes = try nodesOf(try eval(l, focus), "union")
            nodes.append(contentsOf: try nodesOf(try eval(r, focus), "union"))
            return Self.sortedUnique(nodes).map { .node($0) }
        case .intersect(let l, let r):
            let right = Set(try nodesOf(try eval(r, focus), "intersect"))
            return Self.sortedUnique(try nodesOf(try eval(l, focus), "intersect").filter { right.contains($0) }).map {
                .node($0)
            }
        case .except(let l, let r):
            let right = Set(try nodesOf(try eval(r, focus), "except"))
            return Self.sortedUnique(try nodesOf(try eval(l, focus), "except").filter { !right.contains($0) }).map {
                .node($0)
            }
        case .ifThenElse(let c, let t, let e):
            return try truth(c, focus) ? try eval(t, focus) : try eval(e, focus)
        case .forReturn(let slot, let input, let body):
            var result: XDMSequence = []
            for item in try eval(input, focus) {
                frame.values[slot] = [item]
                result.append(contentsOf: try eval(body, focus))
            }
            frame.values[slot] = nil
            return result
        case .quantified(let every, let slot, let input, let body):
            defer { frame.values[slot] = nil }
            for item in try eval(input, focus) {
                frame.values[slot] = [item]
                let satisfied = try truth(body, focus)
                if every && !satisfied { return Self.booleanSequence(false) }
                if !every && satisfied { return Self.booleanSequence(true) }
            }
            return Self.booleanSequence(every)
        case .cast(let operand, let type, let optional):
            guard let item = try castOperand(operand, type, optional: optional, focus) else { return [] }
            return [item]
        case .castable(let operand, let type, let optional):
            let items = try atomize(try eval(operand, focus))
            if items.isEmpty { return Self.booleanSequence(optional) }
            if items.count > 1 { return Self.booleanSequence(false) }
            do {
                _ = try cast(items[0], to: type)
                return Self.booleanSequence(true)
            } catch {
                return Self.booleanSequence(false)
            }
        case .instanceOf(let operand, let type):
            return Self.booleanSequence(try instanceOf(try eval(operand, focus), type))
        case .builtin(let function, let arguments):
            return try call(function, arguments, focus)
        case .regexCall(let function, let arguments, let regex):
            return try callRegex(function, arguments, regex.map { regexes[$0] }, focus)
        case .userCall(let index, let arguments):
            return try callUser(index, arguments, focus)
        case .guarded(let names, let inner):
            if isAbsent(names, focus) { return [] }
            return try eval(inner, focus)
        case .memo(let id, let inner):
            if let value = memos[id] { return value }
            let value = try eval(inner, Focus(item: .node(0), position: 1, size: 1))
            memos[id] = value
            return value
        }
    }

    /// Whether the focus is a node and the document has no element or attribute with one of these names.
    @inline(__always)
    func isAbsent(_ names: MatchedNames, _ focus: Focus) -> Bool {
        guard case .node? = focus.item else { return false }
        for id in names.elements where !tree.elements(named: id).isEmpty { return false }
        for id in names.attributes where !tree.attributes(named: id).isEmpty { return false }
        return true
    }

    static func sortedUnique(_ nodes: [Int32]) -> [Int32] {
        if isStrictlyIncreasing(nodes) { return nodes }
        var sorted = nodes.sorted()
        var write = 0
        for read in sorted.indices where read == 0 || sorted[read] != sorted[write - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }

    static func isStrictlyIncreasing(_ nodes: [Int32]) -> Bool {
        var previous: Int32 = -1
        for n in nodes {
            if n <= previous { return false }
            previous = n
        }
        return true
    }

    func nodesOf(_ items: XDMSequence, _ operation: String) throws(XPathError) -> [Int32] {
        var nodes: [Int32] = []
        nodes.reserveCapacity(items.count)
        for item in items {
            guard case .node(let n) = item else {
                throw XPathError("XPTY0004", "the operands of \(operation) must be nodes")
            }
            nodes.append(n)
        }
        return nodes
    }

    func singleNode(_ items: XDMSequence) throws(XPathError) -> Int32? {
        if items.isEmpty { return nil }
        guard items.count == 1, case .node(let n) = items[0] else {
            throw XPathError("XPTY0004", "expected a single node")
        }
        return n
    }

    // MARK: Paths

    private func evalPath(_ left: Plan, _ right: Plan, _ focus: Focus) throws(XPathError) -> XDMSequence {
        try evalPath(over: try eval(left, focus), right)
    }

    /// `right` evaluated from each item of `context` (the value of the left operand of `/`), in document order.
    func evalPath(over context: XDMSequence, _ right: Plan) throws(XPathError) -> XDMSequence {
        if context.count == 1 {
            guard case .node = context[0] else {
                throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(context[0].typeName)")
            }
            return try eval(right, Focus(item: context[0], position: 1, size: 1))
        }
        if context.isEmpty { return [] }
        // A predicate-free step appends straight into one buffer.
        if case .step(let axis, let test, let predicates) = right, predicates.isEmpty {
            var nodes: [Int32] = []
            for item in context {
                guard case .node(let node) = item else {
                    throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(item.typeName)")
                }
                appendStep(axis, test, from: node, into: &nodes)
            }
            let ordered = Self.sortedUnique(nodes)
            var result: XDMSequence = []
            result.reserveCapacity(ordered.count)
            for node in ordered { result.append(.node(node)) }
            return result
        }
        var result: XDMSequence = []
        var sawNode = false
        var sawAtomic = false
        for (index, item) in context.enumerated() {
            guard case .node = item else {
                throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(item.typeName)")
            }
            let part = try eval(right, Focus(item: item, position: index + 1, size: context.count))
            for value in part {
                if value.isNode { sawNode = true } else { sawAtomic = true }
            }
            result.append(contentsOf: part)
        }
        if sawNode && sawAtomic { throw XPathError("XPTY0018", "a path step returned both nodes and atomic values") }
        if sawNode {
            var nodes: [Int32] = []
            nodes.reserveCapacity(result.count)
            for case .node(let n) in result { nodes.append(n) }
            if Self.isStrictlyIncreasing(nodes) { return result }
            return Self.sortedUnique(nodes).map { .node($0) }
        }
        return result
    }

    /// `left//right` (see ``Plan/descendantPath``): from one context node, `right` is evaluated only from the
    /// parents of the required children, which are the nodes of `left/descendant-or-self::node()` it selects
    /// anything from, in the same order; `right` reads nothing of its focus but the node.
    private func evalDescendantPath(
        _ left: Plan,
        _ right: Plan,
        _ required: RequiredNames,
        _ focus: Focus
    ) throws(XPathError) -> XDMSequence {
        let context = try eval(left, focus)
        guard context.count == 1, case .node(let start) = context[0] else {
            return try evalPath(over: try descendantsOrSelf(context), right)
        }
        if case .step(let axis, .name(let id), let predicates) = right, predicates.isEmpty {
            let named = axis == .attribute ? tree.attributes(named: id) : tree.elements(named: id)
            var result: XDMSequence = []
            for node in named[Self.range(of: named, from: start + 1, to: tree.end(start))] {
                result.append(.node(node))
            }
            return result
        }
        var result: XDMSequence = []
        var sawNode = false
        var sawAtomic = false
        for parent in requiredParents(required, within: start) {
            let part = try eval(right, Focus(item: .node(parent), position: 1, size: 1))
            for value in part {
                if value.isNode { sawNode = true } else { sawAtomic = true }
            }
            result.append(contentsOf: part)
        }
        if sawNode && sawAtomic { throw XPathError("XPTY0018", "a path step returned both nodes and atomic values") }
        if sawNode {
            var nodes: [Int32] = []
            nodes.reserveCapacity(result.count)
            for case .node(let n) in result { nodes.append(n) }
            if Self.isStrictlyIncreasing(nodes) { return result }
            return Self.sortedUnique(nodes).map { .node($0) }
        }
        return result
    }

    /// `context/descendant-or-self::node()`, with the errors of that path.
    func descendantsOrSelf(_ context: XDMSequence) throws(XPathError) -> XDMSequence {
        var nodes: [Int32] = []
        for item in context {
            guard case .node(let node) = item else {
                throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(item.typeName)")
            }
            appendStep(.descendantOrSelf, .anyNode, from: node, into: &nodes)
        }
        return Self.sortedUnique(nodes).map { .node($0) }
    }

    /// The nodes of `start/descendant-or-self::node()` that have a required child or attribute, in document order.
    func requiredParents(_ required: RequiredNames, within start: Int32) -> [Int32] {
        let end = tree.end(start)
        var parents: [Int32] = []
        for id in required.names {
            let named = required.attribute ? tree.attributes(named: id) : tree.elements(named: id)
            for node in named[Self.range(of: named, from: start + 1, to: end)] { parents.append(tree.parent(node)) }
        }
        return Self.sortedUnique(parents)
    }

    /// The positions of the nodes in `from ..< to` within nodes sorted in document order.
    static func range(of nodes: ArraySlice<Int32>, from: Int32, to: Int32) -> Range<Int> {
        func lowerBound(_ value: Int32) -> Int {
            var low = nodes.startIndex
            var high = nodes.endIndex
            while low < high {
                let mid = (low + high) / 2
                if nodes[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let lower = lowerBound(from)
        return lower..<Swift.max(lower, lowerBound(to))
    }

    @inline(__always)
    func matches(_ node: Int32, _ test: NodeTest, principal: NodeKind) -> Bool {
        let kind = tree.kind(node)
        switch test {
        case .name(let id): return kind == principal && tree.nameID(node) == id
        case .anyNode: return true
        case .principal: return kind == principal
        case .kind(let k): return kind == k
        case .namespace(let uri): return kind == principal && expandedName(node)?.namespace == uri
        case .localName(let local): return kind == principal && expandedName(node)?.local == local
        }
    }

    /// The nodes of one axis step from `node`, in document order, after the predicates.
    func step(
        _ axis: Axis,
        _ test: NodeTest,
        _ predicates: [Predicate],
        from node: Int32
    ) throws(XPathError)
        -> XDMSequence
    {
        if axis == .descendant || axis == .descendantOrSelf, case .byName = predicates.first {
            switch test {
            case .principal, .namespace, .localName:
                return try descendantsByName(axis, test, predicates, from: node)
            default:
                break
            }
        }
        var nodes: [Int32] = []
        appendStep(axis, test, from: node, into: &nodes)
        if predicates.isEmpty {
            var items: XDMSequence = []
            items.reserveCapacity(nodes.count)
            for node in nodes { items.append(.node(node)) }
            return items
        }
        var items: XDMSequence = axis.isReverse ? nodes.reversed().map { .node($0) } : nodes.map { .node($0) }
        for predicate in predicates { items = try filter(items, predicate) }
        if axis.isReverse { items.reverse() }
        return items
    }

    /// `descendant::*[name-only predicates]…` (or with a `prefix:*` or `*:local` test): the node test and the
    /// leading name-only predicates are decided once per name of the document (and prefix), not per element, and
    /// the elements are taken from the name index. The same nodes in the same order; a name-only predicate reads
    /// nothing but the name, so the order in which names are tried cannot change its values or errors.
    private func descendantsByName(
        _ axis: Axis,
        _ test: NodeTest,
        _ predicates: [Predicate],
        from node: Int32
    ) throws(XPathError) -> XDMSequence {
        var leading: [(plan: Plan, id: Int)] = []
        for predicate in predicates {
            guard case .byName(let plan, let id) = predicate else { break }
            leading.append((plan, id))
        }
        let from = axis == .descendantOrSelf ? node : node + 1
        let end = tree.end(node)
        var nodes: [Int32] = []
        for name in tree.elementNames {
            let named = tree.elements(named: name)
            let range = Self.range(of: named, from: from, to: end)
            guard let first = range.first, matches(named[first], test, principal: .element) else { continue }
            var prefix: Int32 = -1
            var selected = false
            for element in named[range] {
                if tree.prefixID(element) != prefix {
                    prefix = tree.prefixID(element)
                    selected = true
                    for (plan, id) in leading where !(try nameOnlyValue(plan, id: id, node: element)) {
                        selected = false
                        break
                    }
                }
                if selected { nodes.append(element) }
            }
        }
        nodes.sort()
        var items: XDMSequence = []
        items.reserveCapacity(nodes.count)
        for node in nodes { items.append(.node(node)) }
        for predicate in predicates.dropFirst(leading.count) { items = try filter(items, predicate) }
        return items
    }

    /// The value of a name-only predicate (``Predicate/byName(_:id:)``) at `node`, once per name, prefix and kind.
    private func nameOnlyValue(_ plan: Plan, id: Int, node: Int32) throws(XPathError) -> Bool {
        if tree.nameID(node) < XMLTree.localNameBase {
            return try sharedNameOnlyValue(plan, id: id, node: node, position: 1, size: 1)
        }
        let key = Int64(tree.nameID(node)) << 32 | Int64(tree.prefixID(node)) << 8 | Int64(tree.kind(node).rawValue)
        if let known = namePredicateValues[id]?[key] { return known }
        let value = try truth(plan, Focus(item: .node(node), position: 1, size: 1))
        namePredicateValues[id, default: [:]][key] = value
        return value
    }

    /// A name-only predicate's value from the program's cache, or evaluated and stored there.
    func sharedNameOnlyValue(
        _ plan: Plan,
        id: Int,
        node: Int32,
        position: Int,
        size: Int
    ) throws(XPathError) -> Bool {
        let name = tree.nameID(node)
        guard name >= 0, name < XMLTree.localNameBase else {
            return try truth(plan, Focus(item: .node(node), position: position, size: size))
        }
        let prefix = Int(tree.prefixID(node))
        if prefix >= prefixNumbers.count {
            prefixNumbers += repeatElement(-2, count: prefix + 1 - prefixNumbers.count)
        }
        if prefixNumbers[prefix] == -2 { prefixNumbers[prefix] = nameOnlyValues.prefixNumber(tree.prefix(node)) ?? -1 }
        guard
            let key = NameOnlyValues.key(
                predicate: id,
                name: name,
                prefix: prefixNumbers[prefix],
                kind: tree.kind(node)
            )
        else {
            return try truth(plan, Focus(item: .node(node), position: position, size: size))
        }
        if let known = nameOnlyValues.value(key) { return known }
        let value = try truth(plan, Focus(item: .node(node), position: position, size: size))
        nameOnlyValues.store(value, for: key)
        return value
    }

    /// Appends the nodes of an unfiltered axis step from `node`, in document order.
    func appendStep(_ axis: Axis, _ test: NodeTest, from node: Int32, into nodes: inout [Int32]) {
        let principal: NodeKind = axis == .attribute ? .attribute : .element
        switch axis {
        case .child:
            var child = tree.firstChild(node)
            while child >= 0 {
                if matches(child, test, principal: principal) { nodes.append(child) }
                child = tree.nextSibling(child)
            }
        case .attribute:
            var attribute = tree.firstAttribute(node)
            while attribute >= 0 {
                if matches(attribute, test, principal: principal) { nodes.append(attribute) }
                attribute = tree.nextSibling(attribute)
            }
        case .descendant, .descendantOrSelf:
            if axis == .descendantOrSelf && matches(node, test, principal: principal) { nodes.append(node) }
            var index = node + 1
            let end = tree.end(node)
            if case .name(let id) = test {
                let named = tree.elements(named: id)
                nodes.append(contentsOf: named[Self.range(of: named, from: index, to: end)])
            } else {
                while index < end {
                    if tree.kind(index) != .attribute && matches(index, test, principal: principal) {
                        nodes.append(index)
                    }
                    index += 1
                }
            }
        case .self:
            if matches(node, test, principal: principal) { nodes.append(node) }
        case .parent:
            let parent = tree.parent(node)
            if parent >= 0 && matches(parent, test, principal: principal) { nodes.append(parent) }
        case .ancestor, .ancestorOrSelf:
            let start = nodes.count
            var current = axis == .ancestor ? tree.parent(node) : node
            while current >= 0 {
                if matches(current, test, principal: principal) { nodes.append(current) }
                current = tree.parent(current)
            }
            nodes[start...].reverse()
        case .followingSibling:
            if tree.kind(node) != .attribute {
                var sibling = tree.nextSibling(node)
                while sibling >= 0 {
                    if matches(sibling, test, principal: principal) { nodes.append(sibling) }
                    sibling = tree.nextSibling(sibling)
                }
            }
        case .precedingSibling:
            let parent = tree.parent(node)
            if tree.kind(node) != .attribute && parent >= 0 {
                var sibling = tree.firstChild(parent)
                while sibling >= 0 && sibling != node {
                    if matches(sibling, test, principal: principal) { nodes.append(sibling) }
                    sibling = tree.nextSibling(sibling)
                }
            }
        case .following:
            var index = tree.end(node)
            let count = Int32(tree.count)
            while index < count {
                if tree.kind(index) != .attribute && matches(index, test, principal: principal) { nodes.append(index) }
                index += 1
            }
        case .preceding:
            var index: Int32 = 1
            while index < node {
                if tree.end(index) <= node && tree.kind(index) != .attribute
                    && matches(index, test, principal: principal)
                {
                    nodes.append(index)
                }
                index += 1
            }
        }
    }

    func expandedName(_ node: Int32) -> QName? {
        let id = tree.nameID(node)
        if id < 0 { return nil }
        if let known = expandedNames[id] { return known }
        let name = tree.name(node)
        expandedNames[id] = name
        return name
    }

    /// Applies one predicate to a sequence in its current order (XPath 2.0 §3.2.2).
    func filter(_ items: XDMSequence, _ predicate: Predicate) throws(XPathError) -> XDMSequence {
        switch predicate {
        case .position(let n):
            return n >= 1 && n <= items.count ? [items[n - 1]] : []
        case .last:
            return items.last.map { [$0] } ?? []
        case .byName(let plan, let id):
            var result: XDMSequence = []
            var cache = namePredicateValues.removeValue(forKey: id) ?? [:]
            defer { namePredicateValues[id] = cache }
            let size = items.count
            for (index, item) in items.enumerated() {
                guard case .node(let node) = item, tree.nameID(node) >= 0 else {
                    if try truth(plan, Focus(item: item, position: index + 1, size: size)) { result.append(item) }
                    continue
                }
                let kind = Int64(tree.kind(node).rawValue)
                let key = Int64(tree.nameID(node)) << 32 | Int64(tree.prefixID(node)) << 8 | kind
                if let known = cache[key] {
                    if known { result.append(item) }
                    continue
                }
                let value = try sharedNameOnlyValue(plan, id: id, node: node, position: index + 1, size: size)
                cache[key] = value
                if value { result.append(item) }
            }
            return result
        case .general(let plan, let positional):
            var result: XDMSequence = []
            let size = items.count
            if !positional {
                for (index, item) in items.enumerated()
                where try truth(plan, Focus(item: item, position: index + 1, size: size)) {
                    result.append(item)
                }
                return result
            }
            for (index, item) in items.enumerated() {
                let value = try single(plan, Focus(item: item, position: index + 1, size: size))
                if case .item(let number) = value, number.isNumeric {
                    if try numericEquals(number, index + 1) { result.append(item) }
                } else if case .sequence(let values) = value, values.count == 1, values[0].isNumeric {
                    if try numericEquals(values[0], index + 1) { result.append(item) }
                } else if try ebv(value) {
                    result.append(item)
                }
            }
            return result
        }
    }

    private func numericEquals(_ value: Item, _ position: Int) throws(XPathError) -> Bool {
        switch value {
        case .integer(let d), .decimal(let d): return d == XSDecimal(position)
        case .double(let d): return d == Double(position)
        default: return false
        }
    }
}
