/// One XML Schema validation error, as libxml2 reports it and as the reference corpus records it (`xsd_errors`).
///
/// A value in the report, never thrown (STYLE §2.4).
public struct SchemaViolation: Hashable, Sendable, Codable {
    /// libxml2's line of the offending node.
    public var line: Int
    /// libxml2's column, which it leaves 0 for schema validation errors.
    public var column: Int
    /// The libxml2 error name without `XML_`, e.g. `SCHEMAV_ELEMENT_CONTENT`; `code N` for a code not in the table.
    public var type: String
    /// libxml2's message without its trailing newline.
    public var message: String

    public init(line: Int, column: Int, type: String, message: String) {
        self.line = line
        self.column = column
        self.type = type
        self.message = message
    }
}
