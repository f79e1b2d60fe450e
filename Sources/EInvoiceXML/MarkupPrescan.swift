#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pass over the raw bytes before libxml2 parses them, for what libxml2 2.9 handles in quadratic time.
///
/// libxml2 2.9 checks the attributes and namespace declarations of a start tag against each other pairwise,
/// before any callback could stop it: one element with 40,000 attributes (400 KB) takes seconds, 15 MiB of
/// them hours. So the scan counts, for every start tag, the `=` outside quoted values, an upper bound on its
/// attributes and namespace declarations, and refuses more than ``ParseLimits/maxAttributes``.
///
/// The count cannot be fooled: every `<` starts a new count (a `<` cannot occur in an attribute value, so
/// libxml2 never parses attributes across one), and only the quote that opened a value closes it, as in XML.
/// It over-counts only inside comments, CDATA sections and processing instructions that look like tags. It
/// must see the markup characters in the document's own code units, so it accepts only UTF-8, UTF-16 and the
/// ASCII-compatible single-byte encodings (US-ASCII, ISO-8859-n, windows-125n), and refuses the rest, where
/// markup could hide from it (EBCDIC, UCS-4, stateful encodings such as ISO-2022-JP or UTF-7).
enum MarkupPrescan {
    static func check(_ bytes: UnsafeRawBufferPointer, maxAttributes: Int) throws(IntakeError) {
        if let bigEndian = try utf16ByteOrder(bytes) {
            // libxml2 silently drops a last odd byte.
            if bytes.count % 2 == 1 {
                throw IntakeError(.encoding, "the document is UTF-16 but has an odd number of bytes")
            }
            let reader = UTF16Reader(bytes: bytes, bigEndian: bigEndian)
            try checkDeclaredEncoding(reader) { isAcceptedInUTF16($0, bigEndian: bigEndian) }
            try scan(reader, maxAttributes: maxAttributes)
        } else {
            let reader = ByteReader(bytes: bytes)
            try checkDeclaredEncoding(reader, accepted: isAcceptedInBytes)
            try scan(reader, maxAttributes: maxAttributes)
        }
    }

    /// The byte order when the document is UTF-16, nil when its markup is in single bytes: libxml2's
    /// detection (`xmlDetectCharEncoding`), refusing the layouts the scan cannot read.
    static func utf16ByteOrder(_ bytes: UnsafeRawBufferPointer) throws(IntakeError) -> Bool? {
        func starts(with prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        let ucs4: [[UInt8]] = [
            [0x00, 0x00, 0x00, 0x3C], [0x3C, 0x00, 0x00, 0x00], [0x00, 0x00, 0x3C, 0x00], [0x00, 0x3C, 0x00, 0x00],
        ]
        if ucs4.contains(where: starts(with:)) {
            throw IntakeError(.encoding, "UCS-4 is not accepted (UTF-8 or UTF-16 are)")
        }
        if starts(with: [0x4C, 0x6F, 0xA7, 0x94]) {
            throw IntakeError(.encoding, "EBCDIC is not accepted (UTF-8 or UTF-16 are)")
        }
        if starts(with: [0x3C, 0x00, 0x3F, 0x00]) || starts(with: [0xFF, 0xFE]) { return false }
        if starts(with: [0x00, 0x3C, 0x00, 0x3F]) || starts(with: [0xFE, 0xFF]) { return true }
        return nil
    }

    // MARK: - Counting

    /// Counts `=` per start tag, jumping from `<` to `<` with `memchr`. Only a stretch long enough to hold more
    /// than `maxAttributes` attributes (each takes at least 5 bytes: ` a=""`) is read byte by byte, and only up
    /// to the end of its tag, so the scan costs a small fraction of the parse.
    private static func scan(_ reader: ByteReader, maxAttributes: Int) throws(IntakeError) {
        guard let base = reader.bytes.baseAddress else { return }
        let count = reader.count
        let longStretch = 5 * (maxAttributes + 1)
        var next = memchr(base, 0x3C, count).map { base.distance(to: $0) }
        while let start = next {
            next = memchr(base + start + 1, 0x3C, count - start - 1).map { base.distance(to: $0) }
            let end = next ?? count
            guard end - start >= longStretch else { continue }
            var counter = TagCounter(maxAttributes: maxAttributes)
            for index in start..<end {
                if !counter.feed(UInt32(reader.bytes[index]), at: index) { throw counter.error(in: reader) }
                if !counter.inTag { break }
            }
        }
    }

    private static func scan(_ reader: UTF16Reader, maxAttributes: Int) throws(IntakeError) {
        var counter = TagCounter(maxAttributes: maxAttributes)
        for index in 0..<reader.count where !counter.feed(reader[index], at: index) {
            throw counter.error(in: reader)
        }
    }

    /// The line and column of a code unit, counted in code units (only on the error path).
    fileprivate static func position(of target: Int, in reader: some CodeUnitReader) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for index in 0..<target where reader[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return SourcePosition(line: line, column: target - lineStart + 1)
    }

    // MARK: - Declared encoding

    private static func isAcceptedInBytes(_ name: String) -> Bool {
        if ["utf-8", "utf8", "us-ascii", "ascii", "latin1"].contains(name) { return true }
        for prefix in ["iso-8859-", "iso8859-", "windows-125", "cp125"] where name.hasPrefix(prefix) {
            let number = name.dropFirst(prefix.count)
            return (1...2).contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    /// libxml2 switches from UTF-16 to any other declared encoding, except UTF-8, which it ignores.
    private static func isAcceptedInUTF16(_ name: String, bigEndian: Bool) -> Bool {
        ["utf-16", "utf16", "utf-8", "utf8", bigEndian ? "utf-16be" : "utf-16le"].contains(name)
    }

    /// Refuses an encoding named in the XML declaration that the scan cannot read.
    private static func checkDeclaredEncoding(
        _ reader: some CodeUnitReader,
        accepted: (String) -> Bool
    ) throws(IntakeError) {
        guard let name = declaredEncoding(reader), !accepted(name.lowercased()) else { return }
        if name.lowercased().hasPrefix("utf-16") {
            throw IntakeError(
                .encoding,
                "the document declares \(name) but is not UTF-16 in that byte order",
                position: SourcePosition(line: 1, column: 1)
            )
        }
        let shown = name.count <= 40 && name.allSatisfy { $0.isASCII && !$0.isWhitespace } ? name : "…"
        throw IntakeError(
            .encoding,
            "the encoding '\(shown)' is not accepted (UTF-8, UTF-16, US-ASCII, ISO-8859-n, windows-125n are)",
            position: SourcePosition(line: 1, column: 1)
        )
    }

    /// The `encoding` of an XML declaration at the start of the document, read as libxml2 reads it.
    static func declaredEncoding(_ reader: some CodeUnitReader) -> String? {
        // The first units as ASCII bytes (anything else becomes 0xFF), after a byte order mark.
        var head: [UInt8] = []
        for index in 0..<min(reader.count, 1024) {
            let unit = reader[index]
            if index == 0, unit == 0xFEFF { continue }
            head.append(unit < 0x80 ? UInt8(unit) : 0xFF)
            if unit == 0x3E { break }  // the end of the declaration, or of whatever comes first
        }
        if head.starts(with: [0xFF, 0xFF, 0xFF]) { head.removeFirst(3) }  // a UTF-8 byte order mark
        guard head.starts(with: Array("<?xml".utf8)), head.count > 5, isBlank(head[5]) else { return nil }
        let end = head.indices.first { $0 + 1 < head.count && head[$0] == 0x3F && head[$0 + 1] == 0x3E }
        let declaration = head[..<(end ?? head.count)]
        let keyword = Array("encoding".utf8)
        guard var index = declaration.indices.first(where: { declaration[$0...].starts(with: keyword) }) else {
            return nil
        }
        index += keyword.count
        while index < declaration.endIndex, isBlank(declaration[index]) { index += 1 }
        guard index < declaration.endIndex, declaration[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < declaration.endIndex, isBlank(declaration[index]) { index += 1 }
        guard index < declaration.endIndex, declaration[index] == 0x22 || declaration[index] == 0x27 else {
            return nil
        }
        let quote = declaration[index]
        guard let close = declaration[(index + 1)...].firstIndex(of: quote) else { return nil }
        return String(decoding: declaration[(index + 1)..<close], as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// The document's code units, whatever their width.
protocol CodeUnitReader {
    var count: Int { get }
    subscript(_ index: Int) -> UInt32 { get }
}

struct ByteReader: CodeUnitReader {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    @inline(__always)
    subscript(_ index: Int) -> UInt32 { UInt32(bytes[index]) }
}

struct UTF16Reader: CodeUnitReader {
    let bytes: UnsafeRawBufferPointer
    let bigEndian: Bool

    var count: Int { bytes.count / 2 }

    @inline(__always)
    subscript(_ index: Int) -> UInt32 {
        let first = UInt32(bytes[2 * index])
        let second = UInt32(bytes[2 * index + 1])
        return bigEndian ? first << 8 | second : second << 8 | first
    }
}

/// The state of the count: inside a tag or not, inside which quotes, how many `=` so far.
private struct TagCounter {
    let maxAttributes: Int
    private(set) var inTag = false
    private var quote: UInt32 = 0
    private var count = 0
    private var tagStart = 0

    init(maxAttributes: Int) {
        self.maxAttributes = maxAttributes
    }

    /// Takes the next code unit; false when the tag it belongs to has too many attributes.
    @inline(__always)
    mutating func feed(_ unit: UInt32, at index: Int) -> Bool {
        if unit == 0x3C {  // <
            inTag = true
            quote = 0
            count = 0
            tagStart = index
        } else if inTag {
            if quote != 0 {
                if unit == quote { quote = 0 }
            } else if unit == 0x22 || unit == 0x27 {  // " '
                quote = unit
            } else if unit == 0x3D {  // =
                count += 1
                return count <= maxAttributes
            } else if unit == 0x3E {  // >
                inTag = false
            }
        }
        return true
    }

    func error(in reader: some CodeUnitReader) -> IntakeError {
        IntakeError(
            .tooManyAttributes,
            "an element has more than \(maxAttributes) attributes and namespace declarations",
            position: MarkupPrescan.position(of: tagStart, in: reader)
        )
    }
}
