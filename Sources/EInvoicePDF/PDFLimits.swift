/// Bounds on what reading one PDF may cost (STYLE §3.16): every loop of the reader is bounded by one of them or by
/// the file's size, so a hostile file is rejected in bounded time and memory.
public struct PDFLimits: Hashable, Sendable {
    /// The largest file read at all.
    public var maxBytes: Int = 50 << 20
    /// The most objects the cross-reference sections may declare (`/Size`, entries).
    public var maxObjects: Int = 500_000
    /// The most cross-reference sections (incremental updates plus `/XRefStm` streams) followed.
    public var maxXRefSections: Int = 256
    /// The most bytes one stream may inflate to (the embedded XML, XMP, cross-reference and object streams).
    public var maxInflatedBytes: Int = 16 << 20
    /// The most bytes all inflated streams of one file may add up to.
    public var maxTotalInflatedBytes: Int = 64 << 20
    /// The deepest nesting of arrays and dictionaries, and of name-tree levels.
    public var maxDepth: Int = 32
    /// The most nodes of a name tree and the most file specifications looked at.
    public var maxTreeNodes: Int = 10_000
    /// The most objects one object stream may hold.
    public var maxObjectsPerStream: Int = 100_000

    public init() {}
}
