#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node named by its place in document order, so that it can be found again in the source bytes once the tree
/// is gone (``SourceLocator``, ``XMLTree/sourceNodes(_:)``).
public struct SourceNode: Hashable, Sendable, CustomStringConvertible {
    /// The element: 0-based among the document's elements in document order (the document element is 0).
    public var element: Int
    /// 0-based among the element's attributes as written, namespace declarations not counted; nil for the
    /// element itself.
    public var attribute: Int?

    public init(element: Int, attribute: Int? = nil) {
        self.element = element
        self.attribute = attribute
    }

    /// `element 3` or `element 3, attribute 1`.
    public var description: String {
        attribute.map { "element \(element), attribute \($0)" } ?? "element \(element)"
    }
}

/// Finds elements and attributes in a document's bytes: the line and column of an element's `<`, or of the first
/// character of an attribute's name.
///
/// A scan over the markup, not a parse: it enumerates start tags in document order, skipping end tags,
/// comments, processing instructions (the XML declaration is one), CDATA sections and character data, so that the
/// n-th start tag is the n-th element of the ``XMLTree`` built from the same bytes. Attribute values cannot hold a
/// `<`, so the next `<` after a start tag always begins the next markup. Meant for documents that parsed: it
/// assumes well-formed markup and never fails, it finds less.
///
/// Lines count line feeds, as libxml2 does; columns are 1-based and count characters (Unicode scalar values:
/// UTF-8 sequences, UTF-16 surrogate pairs and the bytes of a single-byte encoding are one each, a tab is one),
/// a byte order mark not included. The encoding is read as the parser reads it: UTF-16 from its byte order mark or
/// `<?xml` in 16-bit units, else UTF-8 unless the XML declaration names another (single-byte) encoding.
public struct SourceLocator: Sendable {
    private let bytes: [UInt8]

    /// A locator over a document's bytes; cheap: nothing is scanned before a question is asked.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Where each node starts; nodes that are not found (an ordinal past the last element) are left out.
    ///
    /// One pass over the document up to the last element asked for.
    public func positions(of nodes: some Sequence<SourceNode>) -> [SourceNode: SourcePosition] {
        var wanted: [Int: [Int]] = [:]
        var wantsElement: Set<Int> = []
        for node in nodes {
            if let attribute = node.attribute {
                wanted[node.element, default: []].append(attribute)
            } else {
                if wanted[node.element] == nil { wanted[node.element] = [] }
                wantsElement.insert(node.element)
            }
        }
        if wanted.isEmpty { return [:] }
        return withUnits { units in
            switch units {
            case .bytes(let units): Self.positions(in: units, wanted: wanted, wantsElement: wantsElement)
            case .utf16(let units): Self.positions(in: units, wanted: wanted, wantsElement: wantsElement)
            }
        }
    }

    /// The source text of an element, from its `<` to the `>` of its end tag, exactly as written; nil when the
    /// document has no such element or is not UTF-8 (or ASCII).
    public func elementText(_ element: Int) -> String? {
        withUnits { units -> String? in
            guard case .bytes(let units) = units, units.isUTF8, let range = Self.elementRange(element, in: units)
            else { return nil }
            return String(decoding: bytes[range], as: UTF8.self)
        }
    }

    /// The namespace declarations of an element's start tag as written (`xmlns="…"`, `xmlns:p='…'`), in order;
    /// empty when the document has no such element or is not UTF-8 (or ASCII).
    public func namespaceDeclarations(ofElement element: Int) -> [String] {
        withUnits { units -> [String] in
            guard case .bytes(let units) = units, units.isUTF8 else { return [] }
            var scanner = MarkupScanner(units: units)
            while let markup = scanner.next() {
                guard case .start(let open) = markup, scanner.ordinal == element else { continue }
                let tag = scanner.startTag(at: open)
                return tag.attributes.filter(\.isNamespaceDeclaration).map {
                    String(decoding: bytes[$0.nameStart..<$0.end], as: UTF8.self)
                }
            }
            return []
        }
    }

    // MARK: - Scanning

    /// The document's units in their encoding, for the duration of `body`.
    private func withUnits<Result>(_ body: (Units) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            if let bigEndian = (try? MarkupPrescan.utf16ByteOrder(raw)) ?? nil {
                return body(.utf16(UTF16Units(reader: UTF16Reader(bytes: raw, bigEndian: bigEndian))))
            }
            let reader = ByteReader(bytes: raw)
            let declared = MarkupPrescan.declaredEncoding(reader)?.lowercased()
            let isUTF8 = declared.map { ["utf-8", "utf8", "us-ascii", "ascii"].contains($0) } ?? true
            return body(.bytes(ByteUnits(reader: reader, isUTF8: isUTF8)))
        }
    }

    /// The two kinds of units, each scanned by code specialised for it.
    private enum Units {
        case bytes(ByteUnits)
        case utf16(UTF16Units)
    }

    private static func positions(
        in units: some SourceUnits,
        wanted: [Int: [Int]],
        wantsElement: Set<Int>
    ) -> [SourceNode: SourcePosition] {
        guard let last = wanted.keys.max() else { return [:] }
        var result: [SourceNode: SourcePosition] = [:]
        var scanner = MarkupScanner(units: units)
        var counter = PositionCounter(start: scanner.index)
        while scanner.ordinal < last, let markup = scanner.next() {
            guard case .start(let open) = markup, let attributes = wanted[scanner.ordinal] else { continue }
            let element = scanner.ordinal
            let position = counter.position(of: open, in: units)
            if wantsElement.contains(element) { result[SourceNode(element: element)] = position }
            if attributes.isEmpty { continue }
            let found = scanner.startTag(at: open).attributes.filter { !$0.isNamespaceDeclaration }
            for (index, attribute) in found.enumerated() where attributes.contains(index) {
                result[SourceNode(element: element, attribute: index)] = counter.position(
                    of: attribute.nameStart,
                    in: units
                )
            }
        }
        return result
    }

    private static func elementRange(_ element: Int, in units: some SourceUnits) -> Range<Int>? {
        var scanner = MarkupScanner(units: units)
        while scanner.ordinal < element, let markup = scanner.next() {
            guard case .start(let open) = markup, scanner.ordinal == element else { continue }
            let tag = scanner.startTag(at: open)
            if tag.isEmptyElement { return open..<min(tag.end + 1, units.count) }
            var depth = 1
            scanner.index = tag.end + 1
            while let inner = scanner.next() {
                switch inner {
                case .start(let innerOpen):
                    let innerTag = scanner.startTag(at: innerOpen)
                    if !innerTag.isEmptyElement { depth += 1 }
                    scanner.index = innerTag.end + 1
                case .end(let close):
                    depth -= 1
                    if depth == 0 {
                        let end = units.firstIndex(of: 0x3E, from: close, before: units.count) ?? units.count - 1
                        return open..<end + 1
                    }
                }
            }
            return nil
        }
        return nil
    }
}

// MARK: - Code units

/// The document's code units with the searches the scan repeats, and how characters are counted.
protocol SourceUnits: CodeUnitReader {
    /// The first index of `unit` in `start..<end`.
    func firstIndex(of unit: UInt32, from start: Int, before end: Int) -> Int?
    /// Whether `unit` begins a character (it is no UTF-8 continuation byte, no low surrogate).
    func startsCharacter(_ unit: UInt32) -> Bool
    /// The first unit after a byte order mark.
    var firstUnit: Int { get }
}

/// UTF-8 or a single-byte encoding: searched with `memchr`.
private struct ByteUnits: SourceUnits {
    let reader: ByteReader
    /// UTF-8 (or ASCII), so that ranges of units are UTF-8 text; else one byte is one character.
    let isUTF8: Bool

    var count: Int { reader.count }

    subscript(_ index: Int) -> UInt32 { reader[index] }

    func firstIndex(of unit: UInt32, from start: Int, before end: Int) -> Int? {
        guard start < end, let base = reader.bytes.baseAddress else { return nil }
        return memchr(base + start, Int32(unit), end - start).map { base.distance(to: UnsafeRawPointer($0)) }
    }

    func startsCharacter(_ unit: UInt32) -> Bool { !isUTF8 || unit & 0xC0 != 0x80 }

    var firstUnit: Int {
        count >= 3 && reader[0] == 0xEF && reader[1] == 0xBB && reader[2] == 0xBF ? 3 : 0
    }
}

/// UTF-16 in either byte order.
private struct UTF16Units: SourceUnits {
    let reader: UTF16Reader

    var count: Int { reader.count }

    subscript(_ index: Int) -> UInt32 { reader[index] }

    func firstIndex(of unit: UInt32, from start: Int, before end: Int) -> Int? {
        var index = start
        while index < end {
            if reader[index] == unit { return index }
            index += 1
        }
        return nil
    }

    func startsCharacter(_ unit: UInt32) -> Bool { !(0xDC00...0xDFFF).contains(unit) }

    var firstUnit: Int { count > 0 && reader[0] == 0xFEFF ? 1 : 0 }
}

// MARK: - Markup

/// Walks the markup of a document: start and end tags in document order, everything else skipped.
private struct MarkupScanner<Units: SourceUnits> {
    enum Markup {
        /// A start tag (or empty-element tag) whose `<` is at the index; ``ordinal`` is its element's.
        case start(Int)
        /// An end tag whose `<` is at the index.
        case end(Int)
    }

    struct Attribute {
        var nameStart: Int
        var isNamespaceDeclaration: Bool
        /// One past the closing quote of the value.
        var end: Int
    }

    struct StartTag {
        var attributes: [Attribute]
        /// The index of the closing `>`.
        var end: Int
        /// `<a/>`: no content, no end tag.
        var isEmptyElement: Bool
    }

    let units: Units
    var index: Int
    /// The ordinal of the element whose start tag was returned last (-1 before the first).
    private(set) var ordinal = -1

    init(units: Units) {
        self.units = units
        index = units.firstUnit
    }

    mutating func next() -> Markup? {
        let count = units.count
        while let open = units.firstIndex(of: 0x3C, from: index, before: count) {
            let next = open + 1 < count ? units[open + 1] : 0
            switch next {
            case 0x21:  // <!
                if matches("<!--", at: open) {
                    index = end(of: "-->", from: open + 4)
                } else if matches("<![CDATA[", at: open) {
                    index = end(of: "]]>", from: open + 9)
                } else {
                    index = end(of: ">", from: open + 2)
                }
            case 0x3F:  // <?
                index = end(of: "?>", from: open + 2)
            case 0x2F:  // </
                index = open + 2
                return .end(open)
            default:
                index = open + 1
                ordinal += 1
                return .start(open)
            }
        }
        index = count
        return nil
    }

    /// The attributes of the start tag at `open` and where it ends (values may hold `>`, never `<`).
    func startTag(at open: Int) -> StartTag {
        let count = units.count
        var attributes: [Attribute] = []
        var index = open + 1
        while index < count, !isSpace(units[index]), units[index] != 0x3E, units[index] != 0x2F { index += 1 }
        while index < count {
            while index < count, isSpace(units[index]) { index += 1 }
            guard index < count else { break }
            let unit = units[index]
            if unit == 0x3E { return StartTag(attributes: attributes, end: index, isEmptyElement: false) }
            if unit == 0x2F {
                let close = units.firstIndex(of: 0x3E, from: index, before: count) ?? count - 1
                return StartTag(attributes: attributes, end: close, isEmptyElement: true)
            }
            let nameStart = index
            while index < count, !isSpace(units[index]), units[index] != 0x3D, units[index] != 0x3E { index += 1 }
            let isNamespaceDeclaration = isXMLNS(from: nameStart, to: index)
            while index < count, units[index] != 0x22, units[index] != 0x27, units[index] != 0x3E { index += 1 }
            guard index < count, units[index] != 0x3E else { continue }
            let quote = units[index]
            let close = units.firstIndex(of: quote, from: index + 1, before: count) ?? count - 1
            index = close + 1
            attributes.append(
                Attribute(nameStart: nameStart, isNamespaceDeclaration: isNamespaceDeclaration, end: index)
            )
        }
        return StartTag(attributes: attributes, end: count - 1, isEmptyElement: true)
    }

    private func isSpace(_ unit: UInt32) -> Bool {
        unit == 0x20 || unit == 0x09 || unit == 0x0A || unit == 0x0D
    }

    /// `xmlns` or `xmlns:…`.
    private func isXMLNS(from start: Int, to end: Int) -> Bool {
        guard matches("xmlns", at: start) else { return false }
        return end == start + 5 || units[start + 5] == 0x3A
    }

    private func matches(_ text: StaticString, at start: Int) -> Bool {
        text.withUTF8Buffer { ascii in
            guard start + ascii.count <= units.count else { return false }
            for (offset, byte) in ascii.enumerated() where units[start + offset] != UInt32(byte) { return false }
            return true
        }
    }

    /// One past the first occurrence of `terminator` at or after `start`; the end of the document if none.
    private func end(of terminator: StaticString, from start: Int) -> Int {
        let count = units.count
        let first = terminator.withUTF8Buffer { UInt32($0[0]) }
        var index = start
        while let candidate = units.firstIndex(of: first, from: index, before: count) {
            if matches(terminator, at: candidate) { return candidate + terminator.utf8CodeUnitCount }
            index = candidate + 1
        }
        return count
    }
}

/// Line and column of increasing indices, each counted from where the previous one left off.
private struct PositionCounter {
    private var line = 1
    private var lineStart: Int
    private var counted: Int
    private var columnIndex: Int
    private var columnCharacters = 0

    init(start: Int) {
        lineStart = start
        counted = start
        columnIndex = start
    }

    mutating func position(of index: Int, in units: some SourceUnits) -> SourcePosition {
        while let feed = units.firstIndex(of: 0x0A, from: counted, before: index) {
            line += 1
            lineStart = feed + 1
            counted = feed + 1
        }
        counted = max(counted, index)
        if columnIndex < lineStart || columnIndex > index {
            columnIndex = lineStart
            columnCharacters = 0
        }
        while columnIndex < index {
            if units.startsCharacter(units[columnIndex]) { columnCharacters += 1 }
            columnIndex += 1
        }
        return SourcePosition(line: line, column: columnCharacters + 1)
    }
}
