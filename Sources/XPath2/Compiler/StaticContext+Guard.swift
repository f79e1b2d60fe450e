extension StaticContext {
    /// Wraps each path whose last steps name the only nodes it can select, and that raises no error from a node
    /// before it gets there, in ``Plan/guarded(_:_:)``: most of the rules' paths name elements an invoice does not
    /// have (`not(cac:InvoiceLine/cac:Item/cbc:ModelName)`), and the document's name index tells at once.
    static func guarding(_ plan: Plan) -> Plan {
        switch plan {
        case .path, .descendantPath, .union, .filter, .memo:
            if let names = guardNames(plan) { return .guarded(names, plan.mapChildren(guarding)) }
        default:
            break
        }
        return plan.mapChildren(guarding)
    }

    /// The names of the nodes a plan can select, when from a node it evaluates nothing that can fail before it
    /// selects them: a path of unfiltered steps, then named steps (their predicates are never evaluated when the
    /// document has none of those names).
    static func guardNames(_ plan: Plan) -> MatchedNames? {
        switch plan {
        case .step(let axis, .name(let id), _):
            return axis == .attribute ? MatchedNames(attributes: [id]) : MatchedNames(elements: [id])
        case .path(let left, let right), .descendantPath(let left, let right, _):
            return isSafe(left) ? guardNames(right) : nil
        case .union(let left, let right):
            guard let l = guardNames(left), let r = guardNames(right) else { return nil }
            return MatchedNames(elements: l.elements + r.elements, attributes: l.attributes + r.attributes)
        case .filter(let primary, _), .memo(_, let primary), .guarded(_, let primary):
            return guardNames(primary)
        default:
            return nil
        }
    }

    /// Whether a plan evaluated from a node yields only nodes and cannot fail.
    private static func isSafe(_ plan: Plan) -> Bool {
        switch plan {
        case .step(_, _, let predicates): return predicates.isEmpty
        case .root: return true
        case .path(let left, let right), .descendantPath(let left, let right, _), .union(let left, let right):
            return isSafe(left) && isSafe(right)
        case .memo(_, let inner), .guarded(_, let inner): return isSafe(inner)
        default: return false
        }
    }
}

extension Plan {
    /// The plan with `transform` applied to each direct subexpression (predicates included).
    func mapChildren(_ transform: (Plan) -> Plan) -> Plan {
        func predicates(_ list: [Predicate]) -> [Predicate] {
            list.map { predicate in
                switch predicate {
                case .general(let plan, let positional): return .general(transform(plan), positional: positional)
                case .byName(let plan, let id): return .byName(transform(plan), id: id)
                case .position, .last: return predicate
                }
            }
        }
        switch self {
        case .empty, .constant, .contextItem, .root, .global, .local: return self
        case .sequence(let items): return .sequence(items.map(transform))
        case .path(let l, let r): return .path(transform(l), transform(r))
        case .descendantPath(let l, let r, let required): return .descendantPath(transform(l), transform(r), required)
        case .step(let axis, let test, let list): return .step(axis, test, predicates(list))
        case .filter(let p, let list): return .filter(transform(p), predicates(list))
        case .and(let l, let r): return .and(transform(l), transform(r))
        case .or(let l, let r): return .or(transform(l), transform(r))
        case .generalComparison(let op, let l, let r): return .generalComparison(op, transform(l), transform(r))
        case .valueComparison(let op, let l, let r): return .valueComparison(op, transform(l), transform(r))
        case .nodeIs(let l, let r): return .nodeIs(transform(l), transform(r))
        case .nodeBefore(let l, let r): return .nodeBefore(transform(l), transform(r))
        case .arithmetic(let op, let l, let r): return .arithmetic(op, transform(l), transform(r))
        case .negate(let o): return .negate(transform(o))
        case .plus(let o): return .plus(transform(o))
        case .range(let l, let r): return .range(transform(l), transform(r))
        case .union(let l, let r): return .union(transform(l), transform(r))
        case .intersect(let l, let r): return .intersect(transform(l), transform(r))
        case .except(let l, let r): return .except(transform(l), transform(r))
        case .ifThenElse(let c, let t, let e): return .ifThenElse(transform(c), transform(t), transform(e))
        case .forReturn(let slot, let input, let body): return .forReturn(slot: slot, transform(input), transform(body))
        case .quantified(let every, let slot, let input, let body):
            return .quantified(every: every, slot: slot, transform(input), transform(body))
        case .cast(let o, let type, let optional): return .cast(transform(o), type, optional: optional)
        case .castable(let o, let type, let optional): return .castable(transform(o), type, optional: optional)
        case .instanceOf(let o, let type): return .instanceOf(transform(o), type)
        case .builtin(let f, let arguments): return .builtin(f, arguments.map(transform))
        case .regexCall(let f, let arguments, let regex): return .regexCall(f, arguments.map(transform), regex: regex)
        case .userCall(let index, let arguments): return .userCall(index, arguments.map(transform))
        case .tokenListContains(let operand, let list): return .tokenListContains(transform(operand), list: list)
        case .memo(let id, let inner): return .memo(id, transform(inner))
        case .guarded(let names, let inner): return .guarded(names, transform(inner))
        }
    }
}
