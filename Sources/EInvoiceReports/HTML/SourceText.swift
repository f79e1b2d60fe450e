/// A received document's text, decoded for excerpts: UTF-8 whatever the document's encoding, lines indexed the way
/// libxml2 counts them (line feed, carriage return and CR LF each end a line).
///
/// Decodes UTF-16 (by byte order mark or by the `<?xml` pattern), and ISO-8859-1, ISO-8859-15 and windows-1252 by
/// the XML declaration; anything else is read as UTF-8 with invalid bytes replaced by U+FFFD. The byte order mark
/// is dropped, as libxml2 does not count it in columns.
struct SourceText {
    /// How the bytes were turned into text.
    enum Decoding: Equatable {
        /// Valid UTF-8 (or ASCII) as received.
        case utf8
        /// Read as UTF-8, with invalid bytes replaced.
        case utf8Repaired
        /// Converted from the named encoding.
        case converted(String)
    }

    /// Valid UTF-8.
    let utf8: [UInt8]
    let decoding: Decoding
    /// Byte offset of each line's first byte; line n (1-based) starts at `lineStarts[n - 1]`.
    let lineStarts: [Int]
    /// Byte offset just past each line's last character, before its line break.
    let lineEnds: [Int]

    init(_ bytes: [UInt8]) {
        (utf8, decoding) = Self.decode(bytes)
        var starts: [Int] = [0]
        var ends: [Int] = []
        starts.reserveCapacity(utf8.count / 32 + 1)
        ends.reserveCapacity(utf8.count / 32 + 1)
        utf8.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0D {
                    ends.append(index)
                    index += byte == 0x0D && index + 1 < count && buffer[index + 1] == 0x0A ? 2 : 1
                    starts.append(index)
                } else {
                    index += 1
                }
            }
        }
        ends.append(utf8.count)
        lineStarts = starts
        lineEnds = ends
    }

    /// The number of lines (a final line break starts an empty last line).
    var lineCount: Int { lineStarts.count }

    /// The byte range of line `line` (1-based) without its line break; nil outside the document.
    func range(ofLine line: Int) -> Range<Int>? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return lineStarts[line - 1]..<lineEnds[line - 1]
    }

    /// The offset `characters` Unicode scalars after `offset`, at most `limit`.
    func advance(_ offset: Int, by characters: Int, limit: Int) -> Int {
        var index = offset
        var counted = 0
        while index < limit, counted < characters {
            index += 1
            while index < limit, utf8[index] & 0xC0 == 0x80 { index += 1 }
            counted += 1
        }
        return index
    }

    /// The offset `characters` Unicode scalars before `offset`, at least `floor`.
    func retreat(_ offset: Int, by characters: Int, floor: Int) -> Int {
        var index = offset
        var counted = 0
        while index > floor, counted < characters {
            index -= 1
            while index > floor, utf8[index] & 0xC0 == 0x80 { index -= 1 }
            counted += 1
        }
        return index
    }

    // MARK: - Decoding

    private static func decode(_ bytes: [UInt8]) -> ([UInt8], Decoding) {
        if bytes.count >= 2 {
            switch (bytes[0], bytes[1]) {
            case (0xFF, 0xFE): return (utf16(bytes.dropFirst(2), bigEndian: false), .converted("UTF-16LE"))
            case (0xFE, 0xFF): return (utf16(bytes.dropFirst(2), bigEndian: true), .converted("UTF-16BE"))
            case (0x3C, 0x00) where bytes.count >= 4 && bytes[2] == 0x3F && bytes[3] == 0x00:
                return (utf16(bytes[...], bigEndian: false), .converted("UTF-16LE"))
            case (0x00, 0x3C) where bytes.count >= 4 && bytes[2] == 0x00 && bytes[3] == 0x3F:
                return (utf16(bytes[...], bigEndian: true), .converted("UTF-16BE"))
            default: break
            }
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        if let declared = declaredEncoding(body) {
            switch declared {
            case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
                return (singleByte(body, table: nil), .converted("ISO-8859-1"))
            case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9":
                return (singleByte(body, table: latin9), .converted("ISO-8859-15"))
            case "windows-1252", "cp1252":
                return (singleByte(body, table: windows1252), .converted("windows-1252"))
            default: break
            }
        }
        if String(validating: body, as: UTF8.self) != nil {
            return (Array(body), .utf8)
        }
        return (Array(String(decoding: body, as: UTF8.self).utf8), .utf8Repaired)
    }

    /// The lowercased `encoding` pseudo-attribute of an XML declaration at the start of `bytes`.
    private static func declaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let head = Array(bytes.prefix(256))
        guard let close = firstIndex(of: Array("?>".utf8), in: head),
            let key = firstIndex(of: Array("encoding".utf8), in: Array(head[..<close]))
        else { return nil }
        var index = key + 8
        while index < close, head[index] == 0x20 || head[index] == 0x09 || head[index] == 0x3D { index += 1 }
        guard index < close, head[index] == 0x22 || head[index] == 0x27 else { return nil }
        let quote = head[index]
        let start = index + 1
        guard let end = head[start..<close].firstIndex(of: quote) else { return nil }
        return String(decoding: head[start..<end], as: UTF8.self).lowercased()
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Decodes a single-byte encoding: bytes below 0x80 are ASCII, the rest Latin-1 unless `table` (32 entries
    /// for 0x80…0x9F, or 8 substitutions) says otherwise.
    private static func singleByte(_ bytes: ArraySlice<UInt8>, table: [UInt8: Unicode.Scalar]?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let value = (table?[byte] ?? Unicode.Scalar(byte)).value
            if value < 0x800 {
                output.append(0xC0 | UInt8(value >> 6))
            } else {
                output.append(0xE0 | UInt8(value >> 12))
                output.append(0x80 | UInt8((value >> 6) & 0x3F))
            }
            output.append(0x80 | UInt8(value & 0x3F))
        }
        return output
    }

    /// ISO-8859-15's eight differences from ISO-8859-1.
    private static let latin9: [UInt8: Unicode.Scalar] = [
        0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}",
        0xB8: "\u{017E}", 0xBC: "\u{0152}", 0xBD: "\u{0153}", 0xBE: "\u{0178}",
    ]

    /// windows-1252's 0x80…0x9F; its five unassigned bytes become U+FFFD.
    private static let windows1252: [UInt8: Unicode.Scalar] = {
        let scalars: [UInt32] = [
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
            0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        ]
        var table: [UInt8: Unicode.Scalar] = [:]
        for (offset, value) in scalars.enumerated() {
            table[UInt8(0x80 + offset)] = Unicode.Scalar(value)
        }
        return table
    }()
}
