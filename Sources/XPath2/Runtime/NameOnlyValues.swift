import EInvoiceXML
import Synchronization

/// Values of name-only predicates (``Predicate/byName(_:id:)``) by name, prefix and kind, shared by every document a
/// program evaluates: such a predicate reads nothing of a node but these, which mean the same in every document.
/// Only names of ``NameTable/shared`` are kept (their identifiers are the same in every document).
///
/// Keys are integers: the predicate, the shared name identifier, a program-wide number for the prefix (each
/// document's evaluator asks for it once per prefix) and the node kind, so that a look-up hashes one word.
final class NameOnlyValues: Sendable {
    /// Enough for the names of every invoice syntax; beyond it (documents with made-up names), values are not kept.
    static let capacity = 1 << 16
    /// Prefixes numbered; beyond it, nodes with other prefixes are evaluated every time.
    static let prefixCapacity = 1 << 12

    private struct State {
        var values: [Int64: Bool] = [:]
        var prefixes: [String: Int32] = [:]
    }

    private let state = Mutex(State())

    /// The key of a predicate's value for a node's name, prefix number and kind; nil when a part is out of range.
    static func key(predicate: Int, name: Int32, prefix: Int32, kind: NodeKind) -> Int64? {
        guard predicate >= 0, predicate < 1 << 22, name >= 0, name < XMLTree.localNameBase, prefix >= 0,
            prefix < Int32(prefixCapacity)
        else { return nil }
        return Int64(predicate) << 40 | Int64(name) << 16 | Int64(prefix) << 4 | Int64(kind.rawValue)
    }

    /// The program-wide number of a prefix, or nil when the table is full.
    func prefixNumber(_ prefix: String) -> Int32? {
        state.withLock { state in
            if let number = state.prefixes[prefix] { return number }
            guard state.prefixes.count < Self.prefixCapacity else { return nil }
            let number = Int32(state.prefixes.count)
            state.prefixes[prefix] = number
            return number
        }
    }

    func value(_ key: Int64) -> Bool? {
        state.withLock { $0.values[key] }
    }

    func store(_ value: Bool, for key: Int64) {
        state.withLock { state in
            if state.values.count < Self.capacity { state.values[key] = value }
        }
    }
}
