import EInvoiceXML
import Synchronization

/// Values of name-only predicates (``Predicate/byName(_:id:)``) by name, prefix and kind, shared by every document a
/// program evaluates: such a predicate reads nothing of a node but these, which mean the same in every document.
/// Only names of ``NameTable/shared`` are kept (their identifiers are the same in every document).
final class NameOnlyValues: Sendable {
    struct Key: Hashable, Sendable {
        /// The predicate, the shared name identifier and the node kind.
        var code: Int64
        var prefix: String

        init(predicate: Int, name: Int32, prefix: String, kind: NodeKind) {
            code = Int64(predicate) << 32 | Int64(name) << 3 | Int64(kind.rawValue)
            self.prefix = prefix
        }
    }

    /// Enough for the names of every invoice syntax; beyond it (documents with made-up names), values are not kept.
    static let capacity = 1 << 16

    private let values = Mutex<[Key: Bool]>([:])

    func value(_ key: Key) -> Bool? {
        values.withLock { $0[key] }
    }

    func store(_ value: Bool, for key: Key) {
        values.withLock { values in
            if values.count < Self.capacity { values[key] = value }
        }
    }
}
