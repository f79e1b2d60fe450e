extension StaticContext {
    /// Wraps every subexpression that depends on neither the focus nor local variables (a path from the root,
    /// say) in a per-document memo, keyed by its structure so that equal subexpressions share one value.
    func memoize(_ plan: Plan) -> Plan {
        let transformed = memoizeChildren(plan)
        switch transformed {
        case .path, .descendantPath, .filter, .union, .intersect, .except:
            guard Self.isIndependent(transformed) else { return transformed }
            if let id = memoKeys[transformed] { return .memo(id, transformed) }
            let id = memoKeys.count
            memoKeys[transformed] = id
            return .memo(id, transformed)
        default:
            return transformed
        }
    }

    private func memoizeChildren(_ plan: Plan) -> Plan {
        switch plan {
        case .memo: return plan
        default: return plan.mapChildren(memoize)
        }
    }

    /// Whether the value is the same wherever in the document it is evaluated, and with any local variables.
    static func isIndependent(_ plan: Plan) -> Bool {
        switch plan {
        case .empty, .constant, .root, .global, .memo: return true
        case .contextItem, .local, .step, .forReturn, .quantified: return false
        case .path(let l, let r), .descendantPath(let l, let r, _): return isIndependent(l) && !usesLocals(r)
        case .filter(let p, let predicates): return isIndependent(p) && !predicates.contains(where: usesLocals)
        case .sequence(let items): return items.allSatisfy(isIndependent)
        case .and(let l, let r), .or(let l, let r), .generalComparison(_, let l, let r),
            .valueComparison(_, let l, let r), .nodeIs(let l, let r), .nodeBefore(let l, let r),
            .arithmetic(_, let l, let r), .range(let l, let r), .union(let l, let r), .intersect(let l, let r),
            .except(let l, let r):
            return isIndependent(l) && isIndependent(r)
        case .negate(let o), .plus(let o), .cast(let o, _, _), .castable(let o, _, _), .instanceOf(let o, _),
            .guarded(_, let o), .tokenListContains(let o, _):
            return isIndependent(o)
        case .ifThenElse(let c, let t, let e): return isIndependent(c) && isIndependent(t) && isIndependent(e)
        case .builtin(let f, let arguments):
            if f == .position || f == .last { return false }
            if arguments.isEmpty && f.arities.lowerBound == 0 && f.arities.upperBound > 0 { return false }
            return arguments.allSatisfy(isIndependent)
        case .regexCall(_, let arguments, _): return arguments.allSatisfy(isIndependent)
        case .userCall(_, let arguments): return arguments.allSatisfy(isIndependent)
        }
    }

    private static func usesLocals(_ predicate: Predicate) -> Bool {
        switch predicate {
        case .general(let plan, _), .byName(let plan, _): return usesLocals(plan)
        default: return false
        }
    }

    /// Whether a local variable is read anywhere inside (user functions are focus-free and see no outer locals).
    static func usesLocals(_ plan: Plan) -> Bool {
        switch plan {
        case .local, .forReturn, .quantified: return true
        case .empty, .constant, .contextItem, .root, .global, .memo: return false
        case .sequence(let items): return items.contains(where: usesLocals)
        case .step(_, _, let predicates): return predicates.contains(where: usesLocals)
        case .filter(let p, let predicates): return usesLocals(p) || predicates.contains(where: usesLocals)
        case .path(let l, let r), .descendantPath(let l, let r, _), .and(let l, let r), .or(let l, let r),
            .generalComparison(_, let l, let r),
            .valueComparison(_, let l, let r), .nodeIs(let l, let r), .nodeBefore(let l, let r),
            .arithmetic(_, let l, let r), .range(let l, let r), .union(let l, let r), .intersect(let l, let r),
            .except(let l, let r):
            return usesLocals(l) || usesLocals(r)
        case .negate(let o), .plus(let o), .cast(let o, _, _), .castable(let o, _, _), .instanceOf(let o, _),
            .guarded(_, let o), .tokenListContains(let o, _):
            return usesLocals(o)
        case .ifThenElse(let c, let t, let e): return usesLocals(c) || usesLocals(t) || usesLocals(e)
        case .builtin(_, let arguments), .regexCall(_, let arguments, _), .userCall(_, let arguments):
            return arguments.contains(where: usesLocals)
        }
    }
}
