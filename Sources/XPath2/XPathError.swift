/// A static or dynamic XPath error, identified by its `err:` code (XPath 2.0 Appendix G).
public struct XPathError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The error code without the `err:` prefix, e.g. `XPTY0004`, `FORG0001`.
    public var code: String
    /// What went wrong; never quotes document content beyond short lexical values.
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "err:\(code): \(message)" }
}
