/// A failed assertion or successful report: a value in the report, never thrown (Schematron SVRL
/// `failed-assert` / `successful-report`).
public struct Finding: Hashable, Sendable, Codable {
    /// The `flag` of the assertion in the official .sch.
    public enum Flag: String, Hashable, Sendable, Codable {
        case fatal, warning, information
    }

    /// `@id` from the official .sch, e.g. "BR-DE-1".
    public var ruleID: String
    /// The assertion's flag as written; nil when the .sch has none.
    public var flag: String?
    /// Whether this is a successful `sch:report` rather than a failed `sch:assert`.
    public var isReport: Bool
    /// The context node, written as the reference writes `path`: `/ubl:Invoice[1]/cac:InvoiceLine[2]`.
    public var path: String
    /// The context node in EQName form, as SVRL `@location`: `/Q{ns}Invoice[1]/…`.
    public var location: String
    /// The message text with `value-of` and `name` expanded, whitespace normalised.
    public var text: String
    /// The context node's line in the source document.
    public var line: Int
    /// The context node: its index in the document's ``XMLTree`` (document order), to locate it in the source
    /// (``XMLTree/sourceNodes(_:)``); -1 when unknown.
    public var node: Int32

    public init(
        ruleID: String,
        flag: String?,
        isReport: Bool,
        path: String,
        location: String,
        text: String,
        line: Int,
        node: Int32 = -1
    ) {
        self.ruleID = ruleID
        self.flag = flag
        self.isReport = isReport
        self.path = path
        self.location = location
        self.text = text
        self.line = line
        self.node = node
    }
}
