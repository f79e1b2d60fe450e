/// Bounds on what one document may cost before it is refused (STYLE §2.6; WasmKit `ParsingLimits`).
///
/// The defaults admit any real invoice: the federal invoice portals accept at most 15 MiB, and a UBL or CII
/// invoice of that size has well under half a million elements.
public struct ParseLimits: Hashable, Sendable {
    /// Largest accepted document, in bytes (default 15 MiB), checked before parsing starts.
    public var maxBytes: Int
    /// Deepest accepted element nesting, the document element being at depth 1 (default 256).
    ///
    /// libxml2 itself refuses deeper documents unless `XML_PARSE_HUGE` is set, which this package never does,
    /// so values above 256 act as 256.
    public var maxDepth: Int
    /// Most elements, attributes, comments and processing instructions accepted (default 1,000,000).
    ///
    /// Text nodes are not counted: there is at most one between two counted nodes. The limit keeps the memory
    /// of a hostile document (`<a/>` repeated over 15 MiB) bounded well below what its size alone would allow.
    public var maxNodes: Int
    /// Most attributes on one element, namespace declarations included (default 100), checked before parsing.
    ///
    /// libxml2 2.9 compares the attributes of an element pairwise: 40,000 on one element take seconds.
    public var maxAttributes: Int
    /// Most namespace declarations in scope at once (default 100).
    ///
    /// libxml2 2.9 searches the declarations in scope linearly for every prefixed name: with 25,000 in scope a
    /// 1 MB document takes over ten seconds.
    public var maxNamespaces: Int

    public init(
        maxBytes: Int = 15 * 1024 * 1024,
        maxDepth: Int = 256,
        maxNodes: Int = 1_000_000,
        maxAttributes: Int = 100,
        maxNamespaces: Int = 100
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAttributes = maxAttributes
        self.maxNamespaces = maxNamespaces
    }
}
