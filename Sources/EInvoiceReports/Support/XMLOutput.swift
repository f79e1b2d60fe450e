/// Writes indented XML as UTF-8: elements one per line, two spaces per level, every value escaped.
struct XMLOutput {
    private(set) var bytes: [UInt8] = []
    private var depth = 0

    init() {
        bytes.reserveCapacity(16_384)
    }

    mutating func line(_ markup: String) {
        indent()
        bytes += markup.utf8
        bytes.append(0x0A)
    }

    /// Markup written as given, its first line indented (a quoted element keeps its own indentation).
    mutating func raw(_ markup: String) {
        line(markup)
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        bytes += ">\n".utf8
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        bytes += "</".utf8
        bytes += name.utf8
        bytes += ">\n".utf8
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        bytes += "/>\n".utf8
    }

    mutating func element(_ name: String, _ content: String) {
        element(name, [], content)
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], _ content: String) {
        indent()
        startTag(name, attributes)
        bytes.append(UInt8(ascii: ">"))
        Self.escape(content, into: &bytes, inAttribute: false)
        bytes += "</".utf8
        bytes += name.utf8
        bytes += ">\n".utf8
    }

    private mutating func startTag(_ name: String, _ attributes: [(String, String)]) {
        bytes.append(UInt8(ascii: "<"))
        bytes += name.utf8
        for (key, value) in attributes {
            bytes.append(0x20)
            bytes += key.utf8
            bytes += "=\"".utf8
            Self.escape(value, into: &bytes, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func indent() {
        for _ in 0..<depth { bytes += "  ".utf8 }
    }

    /// Escapes markup characters; in attributes also quotes and the white space that attribute-value
    /// normalisation would turn into spaces. Characters XML 1.0 does not allow (controls, U+FFFE, U+FFFF) become
    /// U+FFFD: a file name may hold them, a report must stay well-formed. Works on the UTF-8 bytes: every byte it
    /// looks for is ASCII or the lead byte of U+FFFE/U+FFFF.
    static func escape(_ value: String, into output: inout [UInt8], inAttribute: Bool) {
        var value = value
        value.withUTF8 { utf8 in
            var index = 0
            var copied = 0
            while index < utf8.count {
                let byte = utf8[index]
                let replacement: StaticString?
                var length = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
                case 0x0A where inAttribute: replacement = "&#10;"
                case 0x09 where inAttribute: replacement = "&#9;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: replacement = nil
                case 0..<0x20: replacement = "\u{FFFD}"
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    replacement = "\u{FFFD}"
                    length = 3
                default: replacement = nil
                }
                if let replacement {
                    output += UnsafeBufferPointer(rebasing: utf8[copied..<index])
                    replacement.withUTF8Buffer { output += $0 }
                    copied = index + length
                }
                index += length
            }
            output += UnsafeBufferPointer(rebasing: utf8[copied..<utf8.count])
        }
    }
}
