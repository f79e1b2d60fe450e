/// A Schematron schema after includes are resolved and abstract patterns instantiated (ISO/IEC 19757-3 §6.4),
/// still as text: the input of ``RuleProgram/compile(_:)``.
public struct SchematronModel: Sendable {
    /// `sch:ns` declarations: prefix → URI.
    public var namespaces: [(prefix: String, uri: String)] = []
    /// Global variables: schema-level and pattern-level `sch:let`, in document order.
    public var globals: [Variable] = []
    /// `xsl:function` definitions.
    public var functions: [Function] = []
    /// Concrete patterns in document order.
    public var patterns: [Pattern] = []

    /// A `sch:let`.
    public struct Variable: Sendable {
        public var name: String
        public var expression: String
    }

    /// An `xsl:function` of the simple form the rules use: params, variables, one result instruction.
    public struct Function: Sendable {
        public var name: String
        public var parameters: [(name: String, type: String?)]
        public var variables: [Variable]
        /// The result as one XPath expression: `xsl:choose` folded into `if … then … else`, `xsl:value-of` into
        /// the `xs:untypedAtomic` of its items' string values joined by spaces (the text node it makes).
        public var result: String
        public var resultType: String?
    }

    /// A concrete `sch:pattern`.
    public struct Pattern: Sendable {
        public var id: String?
        public var rules: [Rule]
        /// The file the pattern was read from, for error messages.
        public var source: String
    }

    /// A `sch:rule`.
    public struct Rule: Sendable {
        public var context: String
        public var variables: [Variable]
        public var checks: [Check]
    }

    /// A `sch:assert` or `sch:report`.
    public struct Check: Sendable {
        public var isReport: Bool
        public var id: String
        public var flag: String?
        public var test: String
        public var message: [MessagePart]
    }

    /// A piece of an assertion's message text.
    public enum MessagePart: Sendable {
        case text(String)
        case valueOf(String)
        /// `sch:name`, with its optional `path`.
        case name(String?)
    }
}
