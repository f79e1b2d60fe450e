import EInvoiceXML

/// The element and attribute names one reader looks at: each case's raw value is `prefix:local` for an element
/// (the prefix resolved through ``namespaces``) or a bare local name for an attribute in no namespace.
protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String {
    /// Namespace URIs by the prefixes the raw values use.
    static var namespaces: [String: String] { get }
}

/// A vocabulary's names interned in ``NameTable/shared``, so that a node's name is found by its identifier.
///
/// Interning adds these few fixed names to the process-wide table once (a document cannot add any): trees parsed
/// afterwards carry them as shared identifiers, and trees parsed before are handled by ``NameLookup`` through
/// their local names.
final class InternedVocabulary<Name: Vocabulary>: Sendable {
    /// The cases, in declaration order; a code is an index into this array plus one.
    let names: [Name]
    /// Code by shared name identifier (0: not in the vocabulary).
    let sharedCodes: [UInt16]
    /// Code by expanded name, for a tree's local names.
    let codes: [QName: UInt16]

    init() {
        let names = Array(Name.allCases)
        var codes: [QName: UInt16] = [:]
        var shared: [UInt16] = []
        for (index, name) in names.enumerated() {
            let qname = Self.qualifiedName(name.rawValue)
            let code = UInt16(index + 1)
            codes[qname] = code
            let id = Int(NameTable.shared.intern(qname))
            if shared.count <= id { shared += repeatElement(0, count: id + 1 - shared.count) }
            shared[id] = code
        }
        self.names = names
        self.sharedCodes = shared
        self.codes = codes
    }

    private static func qualifiedName(_ raw: String) -> QName {
        guard let colon = raw.firstIndex(of: ":") else { return QName(namespace: "", local: raw) }
        let prefix = String(raw[..<colon])
        guard let namespace = Name.namespaces[prefix] else { preconditionFailure("unknown prefix in \(raw)") }
        return QName(namespace: namespace, local: String(raw[raw.index(after: colon)...]))
    }
}

/// Names of one tree's nodes in a vocabulary.
struct NameLookup<Name: Vocabulary> {
    private let tree: XMLTree
    private let vocabulary: InternedVocabulary<Name>
    /// Code by local name index of the tree (names parsed before the vocabulary was interned).
    private let localCodes: [UInt16]

    init(_ tree: XMLTree, _ vocabulary: InternedVocabulary<Name>) {
        self.tree = tree
        self.vocabulary = vocabulary
        localCodes = tree.localNames.map { vocabulary.codes[$0] ?? 0 }
    }

    /// The vocabulary name of an element or attribute, nil when it has another name.
    @inline(__always)
    subscript(_ node: Int32) -> Name? {
        let id = tree.nameID(node)
        let code: UInt16
        if id < 0 {
            code = 0
        } else if id < XMLTree.localNameBase {
            code = Int(id) < vocabulary.sharedCodes.count ? vocabulary.sharedCodes[Int(id)] : 0
        } else {
            code = localCodes[Int(id - XMLTree.localNameBase)]
        }
        return code == 0 ? nil : vocabulary.names[Int(code) - 1]
    }
}
