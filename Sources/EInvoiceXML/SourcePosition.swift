/// A 1-based line and column in a source document (Yams `Mark`).
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, counted in characters as libxml2 counts them (0 when unknown).
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
