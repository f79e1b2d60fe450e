import Synchronization

/// An expanded name (XDM `xs:QName` without prefix): namespace URI and local part.
public struct QName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace URI; empty for no namespace.
    public var namespace: String
    /// The local part.
    public var local: String

    public init(namespace: String, local: String) {
        self.namespace = namespace
        self.local = local
    }

    /// Clark notation, `Q{ns}local`, as XPath 3.0 writes an EQName.
    public var description: String { "Q{\(namespace)}\(local)" }
}

/// Process-wide interning of expanded names, so that name tests compare integers.
///
/// Rule compilation interns every name a rule mentions. Parsing only looks names up: a name that no rule
/// mentions gets an identifier local to its document (``XMLTree/localNameBase`` and above), so a hostile
/// document cannot grow this table.
public final class NameTable: Sendable {
    /// The table shared by the whole process.
    public static let shared = NameTable()

    private struct State {
        var ids: [QName: Int32] = [:]
        var names: [QName] = []
    }
    private let state = Mutex(State())

    private init() {}

    /// The identifier of `name`, adding it when it is new.
    public func intern(_ name: QName) -> Int32 {
        state.withLock { state in
            if let id = state.ids[name] { return id }
            let id = Int32(state.names.count)
            state.names.append(name)
            state.ids[name] = id
            return id
        }
    }

    /// How many names are interned: it grows whenever a rule file is compiled that mentions a new name. A tree
    /// read while it grew may hold local identifiers for names that are shared now (``XMLTree/withSharedNames()``).
    public var count: Int {
        state.withLock { $0.names.count }
    }

    /// The identifier of `name`, or nil when nothing interned it.
    public func lookup(_ name: QName) -> Int32? {
        state.withLock { $0.ids[name] }
    }

    /// The name behind an identifier below ``XMLTree/localNameBase``.
    public func name(_ id: Int32) -> QName {
        state.withLock { $0.names[Int(id)] }
    }
}
